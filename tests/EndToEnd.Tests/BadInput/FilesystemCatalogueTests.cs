namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>The filesystem area of the bad-input catalogue: one theory row per <see cref="FilesystemCases"/> row, by name.</summary>
public sealed class FilesystemCatalogueTests(FolderServerFixture server) : IClassFixture<FolderServerFixture>
{
    public static TheoryData<string> Names => new(FilesystemCases.All.Select(c => c.Row.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public Task Filesystem_case(string name)
    {
        var @case = FilesystemCases.Find(name);
        return @case.Run(server, @case.Row);
    }
}
