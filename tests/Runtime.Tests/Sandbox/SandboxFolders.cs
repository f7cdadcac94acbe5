namespace Mik.Durable.Runtime.Tests.Sandbox;

/// <summary>
/// A host folder with a volume in it and a secret beside it: <c>vol/</c> (the guest's <c>/data</c>) holds
/// <c>hello.txt</c>, a <c>sub/</c> folder and symlinks that lead in, out (to a file, a folder, an absolute path) and
/// round in a loop; <c>outside/secret.txt</c> is what the guest must never read.
/// </summary>
internal sealed class SandboxFolders : IDisposable
{
    public const string Secret = "SECRET-outside-the-volume";

    public SandboxFolders()
    {
        Root = Directory.CreateTempSubdirectory("mik-sandbox-").FullName;
        Volume = Path.Combine(Root, "vol");
        Outside = Path.Combine(Root, "outside");
        Directory.CreateDirectory(Path.Combine(Volume, "sub"));
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Volume, "hello.txt"), "hello from the volume\n");
        File.WriteAllText(SecretFile, Secret + "\n");
        File.CreateSymbolicLink(Path.Combine(Volume, "link-in"), "hello.txt");
        File.CreateSymbolicLink(Path.Combine(Volume, "link-file"), "../outside/secret.txt");
        File.CreateSymbolicLink(Path.Combine(Volume, "link-abs"), SecretFile);
        File.CreateSymbolicLink(Path.Combine(Volume, "link-passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(Volume, "link-dir"), "../outside");
        Directory.CreateSymbolicLink(Path.Combine(Volume, "link-root"), "/");
        Directory.CreateSymbolicLink(Path.Combine(Volume, "sub", "up"), "..");
        File.CreateSymbolicLink(Path.Combine(Volume, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(Volume, "loop-b"), "loop-a");
    }

    public string Root { get; }
    public string Volume { get; }
    public string Outside { get; }
    public string SecretFile => Path.Combine(Outside, "secret.txt");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
