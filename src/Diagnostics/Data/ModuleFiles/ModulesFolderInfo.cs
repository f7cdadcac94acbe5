namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>The modules folder: where, whether it is there, whether mik could list it, its mode.</summary>
internal sealed record ModulesFolderInfo(string Path, bool Exists, bool Readable, string? Mode);
