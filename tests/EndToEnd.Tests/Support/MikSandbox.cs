namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>A temporary folder with a mik.toml on free ports, its own state dir and modules folder.</summary>
internal sealed class MikSandbox : IDisposable
{
    /// <param name="databaseUrl">A server of the test's own; else the shared test PostgreSQL (or embedded).</param>
    /// <param name="schema">A schema to share with other sandboxes (one cluster); default: a fresh one of its own.</param>
    public MikSandbox(
        string extraToml = "", bool embeddedDatabase = false, string serverToml = "", string? databaseUrl = null, string? schema = null,
        string adminToml = "")
    {
        // Under /tmp: as root, PostgreSQL runs as 'postgres' and must be able to reach the state dir.
        Directory = Path.Combine("/tmp", "mik-e2e-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "modules"));
        Port = Ports.Free();
        AdminPort = Ports.Free();
        ConfigPath = Path.Combine(Directory, "mik.toml");
        Schema = schema ?? NewSchema();
        var database = embeddedDatabase
            ? ""
            : $"[database]\nurl = \"{databaseUrl ?? TestDatabaseUrl}\"\nschema = \"{Schema}\"\n";
        File.WriteAllText(ConfigPath, $"""
            [server]
            host = "127.0.0.1"
            port = {Port}
            modules = "modules"
            {serverToml}
            [admin]
            port = {AdminPort}
            {adminToml}
            [state]
            dir = "state"
            {database}
            {extraToml}
            """);
    }

    public string Directory { get; }

    /// <summary>The <c>[database] schema</c> of this sandbox (unused with the embedded PostgreSQL).</summary>
    public string Schema { get; }

    public string StateDirectory => Path.Combine(Directory, "state");

    public static string NewSchema() => "e2e_" + Guid.NewGuid().ToString("N")[..10];
    public string ModulesDirectory => Path.Combine(Directory, "modules");

    /// <summary>Copies test guest <paramref name="guest"/> into the modules folder as <paramref name="name"/>.wasm.</summary>
    public string AddModule(string guest, string? name = null)
    {
        var path = Path.Combine(ModulesDirectory, (name ?? guest) + ".wasm");
        File.Copy(GuestPath(guest), path, overwrite: true);
        return path;
    }

    /// <summary>examples/modules of the repository (the test guests of the same names when the tests run elsewhere).</summary>
    public static IEnumerable<string> ExampleModules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var examples = Path.Combine(dir.FullName, "examples", "modules");
            if (System.IO.Directory.Exists(examples)) return System.IO.Directory.GetFiles(examples, "*.wasm");
        }
        return new[] { "hello", "echo", "headers" }.Select(GuestPath);
    }

    public static string GuestPath(string guest) => Path.Combine(AppContext.BaseDirectory, "guests", guest + ".wasm");
    public string ConfigPath { get; }
    public int Port { get; }
    public int AdminPort { get; }
    public Dictionary<string, string> Environment { get; } = [];

    public static string TestDatabaseUrl =>
        System.Environment.GetEnvironmentVariable("MIK_TEST_DATABASE_URL") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException("MIK_TEST_DATABASE_URL is not set: run the tests with scripts/test.sh.");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
