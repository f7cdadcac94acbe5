namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>The config area of the bad-input catalogue: one theory row per <see cref="ConfigCases"/> row, by name.</summary>
public sealed class ConfigCatalogueTests
{
    public static TheoryData<string> Names => new(ConfigCases.All.Select(c => c.Row.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public Task Config_case(string name) => ConfigCaseRunner.RunAsync(ConfigCases.Find(name));
}
