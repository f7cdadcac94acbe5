namespace Mik.Durable.Runtime.Registry;

/// <summary>The version of a module the registry serves, and why it cannot run if it cannot (500 instantiate_failed).</summary>
internal sealed record ModuleVersion(string Name, string Path, string Sha256, long Size, DateTime LastWriteUtc, string? Problem)
{
    public static ModuleVersion From(ModuleFile file, string? problem = null) =>
        new(file.Name, file.Path, file.Sha256, file.Size, file.LastWriteUtc, problem ?? file.Problem);
}
