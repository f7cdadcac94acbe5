using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>Reading <c>modules.json</c> for a check: the report, or the <c>skip</c> that says why there is none.</summary>
internal static class ModulesEvidence
{
    public static ModulesReport? Read(ICheck check, Evidence evidence, out CheckResult? skip)
    {
        var report = evidence.Read<ModulesReport>(DataFiles.Modules);
        skip = report is null ? DataEvidence.Missing(check, evidence, "modules", DataFiles.Modules) : null;
        return report;
    }

    /// <summary>One evidence line about a file: what <c>ls -l</c> and <c>file</c> would have shown.</summary>
    public static string Line(ModulesReport report, ModuleFileInfo file) =>
        $"{Path.Combine(report.Folder.Path, file.File)}: {file.FileType}, mode {file.Mode ?? "?"}, owner {file.Owner ?? "?"}, {file.Size} bytes" +
        (file.Wasm is { } w ? $", wasm {w}" : "") + (file.Artifact is { } a ? $", artifact {a}" : "");

    public static string PathOf(ModulesReport report, ModuleFileInfo file) => Path.Combine(report.Folder.Path, file.File);
}
