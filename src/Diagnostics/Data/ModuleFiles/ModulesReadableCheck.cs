using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>
/// <c>modules.readable</c>: every <c>.wasm</c> is a regular file whose mode lets mik read it (runbook: "Check file
/// permissions"). Judged by the mode bits, not by opening it: the doctor may run as root, who reads a file of mode 000
/// that mik, run as its service user, cannot.
/// </summary>
internal sealed class ModulesReadableCheck : ICheck
{
    public string Id => "modules.readable";

    public string Title => "each module file is a regular file mik may read";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (ModulesEvidence.Read(this, evidence, out var skip) is not { } report) return [skip!];
        var modules = report.Files.Where(f => f.Kind == "module").ToList();
        var bad = modules.Where(f => !f.Readable).ToList();
        if (bad.Count == 0)
            return [new CheckResult(Id, Title, Verdict.Ok, $"{modules.Count} module file(s) readable", [])];
        return bad.Select(f => f.FileType == "regular"
            ? new CheckResult(Id, Title, Verdict.Fail, $"{f.File} cannot be read by mik (mode {f.Mode ?? "?"}, owner {f.Owner ?? "?"})",
                [ModulesEvidence.Line(report, f)], $"chmod 644 {ModulesEvidence.PathOf(report, f)}")
            : new CheckResult(Id, Title, Verdict.Fail, $"{f.File} is not a regular file ({f.FileType}); mik does not load it",
                [ModulesEvidence.Line(report, f)], $"Replace {ModulesEvidence.PathOf(report, f)} with the module's .wasm file (mik modules deploy <file>)"));
    }
}
