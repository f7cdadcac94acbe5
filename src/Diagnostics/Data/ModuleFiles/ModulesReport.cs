namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>
/// <c>modules.json</c>: the modules folder and every file in it. <see cref="AotKeyProblem"/> says why the state dir's
/// <c>aot.key</c> could not be used to verify artifacts (null when it could): mik then makes a new key at start.
/// </summary>
internal sealed record ModulesReport(ModulesFolderInfo Folder, bool AotCache, IReadOnlyList<ModuleFileInfo> Files, string? AotKeyProblem = null);
