namespace Mik.Durable.Diagnostics.Data.Modules;

/// <summary>
/// <c>modules.json</c>: the modules folder and every file in it. <see cref="AotKeyProblem"/> says why the state dir's
/// <c>aot.key</c> could not be used to verify artifacts (null when it could): mik then makes a new key at start.
/// </summary>
internal sealed record ModulesReport(ModulesFolderInfo Folder, bool AotCache, IReadOnlyList<ModuleFileInfo> Files, string? AotKeyProblem = null);

/// <summary>The modules folder: where, whether it is there, whether mik could list it, its mode.</summary>
internal sealed record ModulesFolderInfo(string Path, bool Exists, bool Readable, string? Mode);

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
