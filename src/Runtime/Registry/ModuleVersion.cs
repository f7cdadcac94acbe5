using Mik.Durable.Runtime.Components;

namespace Mik.Durable.Runtime.Registry;

/// <summary>The version of a module the registry serves, and why it cannot run if it cannot (500 instantiate_failed).</summary>
internal sealed record ModuleVersion(string Name, string Path, string Sha256, long Size, DateTime LastWriteUtc, string? Problem)
{
    /// <summary>Whether the file is a component (served as a <c>wasi:http</c> handler, docs/components.md).</summary>
    public bool IsComponent { get; init; }

    /// <summary>The folder's view of a file.</summary>
    public static ModuleVersion From(ModuleFile file, string? problem = null)
    {
        var component = HttpComponent.IsComponent(file.Bytes);
        return new(file.Name, file.Path, file.Sha256, file.Size, file.LastWriteUtc, problem ?? file.Problem)
        {
            IsComponent = component,
        };
    }
}
