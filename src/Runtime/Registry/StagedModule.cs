using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// An upload that compiled, written in full to temporary files beside its final place and loaded, but not yet
/// served. <see cref="ModuleRegistry.Install"/> renames it into place; disposing it before that removes every trace.
/// </summary>
internal sealed class StagedModule(
    string name, string wasmPath, string sha256, long size, LoadedModule loaded, CompileOutcome artifact,
    string wasmTemporary, string? aotTemporary) : IDisposable
{
    private bool _placed;

    public string Name { get; } = name;
    public string WasmPath { get; } = wasmPath;
    public string Sha256 { get; } = sha256;
    public long Size { get; } = size;
    public LoadedModule Loaded { get; } = loaded;
    public CompileOutcome Artifact { get; } = artifact;

    /// <summary>
    /// Artifact first, then the module: a reader that sees the new module finds its artifact already there, and
    /// each rename replaces a whole file, so no reader ever sees a partial one.
    /// </summary>
    internal void MoveIntoPlace()
    {
        if (aotTemporary is not null) File.Move(aotTemporary, AotCache.PathFor(WasmPath), overwrite: true);
        File.Move(wasmTemporary, WasmPath, overwrite: true);
        _placed = true;
    }

    public void Dispose()
    {
        if (_placed) return;
        TryDelete(wasmTemporary);
        if (aotTemporary is not null) TryDelete(aotTemporary);
        Loaded.Dispose();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover *.tmp is never taken for a module; nothing to do but leave it.
        }
    }
}
