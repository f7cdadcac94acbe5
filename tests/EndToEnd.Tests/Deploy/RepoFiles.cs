namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>Files of the repository the tests run from (deploy/, docker-compose.yml, scripts/).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Mik.Durable.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("the repository root (Mik.Durable.sln) was not found above " + AppContext.BaseDirectory);
    }
}
