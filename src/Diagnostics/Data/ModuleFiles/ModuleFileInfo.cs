namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>
/// One file of the modules folder. <see cref="Kind"/>: <c>module</c> (<c>*.wasm</c>), <c>artifact</c> (<c>*.wasm.aot</c>)
/// or <c>other</c>; <see cref="FileType"/>: <c>regular</c>, <c>fifo</c>, <c>directory</c>, <c>dangling_symlink</c>…;
/// <see cref="Wasm"/> for a module: <c>module|component|not_wasm|unreadable|invalid: why</c>; <see cref="Artifact"/>:
/// the state of a module's artifact (<c>missing</c> when it has none) or of the artifact itself.
/// </summary>
internal sealed record ModuleFileInfo(
    string Name,
    string File,
    string Kind,
    string FileType,
    string? SymlinkTo,
    long Size,
    string? Mode,
    string? Owner,
    bool Readable,
    string? Wasm,
    string? Artifact,
    string? Problem);
