namespace Mik.Durable.Runtime.Tests.Configuration;

/// <summary>A temporary folder holding a mik.toml, and a fake environment for the loader.</summary>
internal sealed class TempConfig : IDisposable
{
    public TempConfig(string toml = "")
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mik-config-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "mik.toml");
        File.WriteAllText(Path, toml);
    }

    public string Directory { get; }
    public string Path { get; }
    public Dictionary<string, string> Env { get; } = new() { ["HOME"] = "/home/op" };

    public string? Lookup(string name) => Env.GetValueOrDefault(name);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
