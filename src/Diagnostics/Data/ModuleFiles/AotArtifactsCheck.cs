using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>
/// <c>aot.artifacts</c>: no <c>.wasm.aot</c> is corrupt, stale, orphaned or from another Wasmtime (runbook: "Check for
/// AOT cache corruption"). Corrupt fails (a forged or damaged artifact); the others cost a compile at load and warn.
/// </summary>
internal sealed class AotArtifactsCheck : ICheck
{
    public string Id => "aot.artifacts";

    public string Title => "AOT artifacts are current (not stale, corrupt or from another Wasmtime)";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (ModulesEvidence.Read(this, evidence, out var skip) is not { } report) return [skip!];
        var artifacts = report.Files.Where(f => f.Kind == "artifact").ToList();
        var bad = artifacts.Where(f => f.Artifact != AotFileStates.Current).ToList();
        if (report.AotKeyProblem is { } why && bad.Count > 0)
        {
            // Nothing was forged: the key is gone or unfit, so nothing can be verified and mik will start over.
            return [new CheckResult(Id, Title, Verdict.Warn,
                $"{bad.Count} artifact(s) cannot be verified: {why}; mik makes a new key at start and compiles every module again",
                [.. bad.Select(f => ModulesEvidence.Line(report, f))],
                "Nothing to repair: mik compiles the modules again at start (cold starts meanwhile); mik cache warm does it ahead")];
        }
        if (bad.Count == 0)
            return [new CheckResult(Id, Title, Verdict.Ok, $"{artifacts.Count} artifact(s), all current" + (report.AotCache ? "" : " (aot_cache = false)"), [])];
        return bad.Select(f => f.Artifact switch
        {
            AotFileStates.Corrupt => Result(f, report, Verdict.Fail,
                $"{f.File} is corrupt or not this installation's (its header or MAC does not verify)",
                $"mik cache clean (or with mik stopped: rm {ModulesEvidence.PathOf(report, f)}), then systemctl restart mik"),
            AotFileStates.VersionMismatch => Result(f, report, Verdict.Warn,
                $"{f.File} was made by another Wasmtime version or engine configuration",
                "Rebuild the AOT cache with the current version: mik cache clean, then mik cache warm"),
            AotFileStates.Orphaned => Result(f, report, Verdict.Warn, $"{f.File} has no module beside it",
                "mik cache clean (removes artifacts whose module is gone)"),
            _ => Result(f, report, Verdict.Warn, $"{f.File} is {f.Artifact ?? "unknown"}: made from other bytes than {f.Name}.wasm",
                "Delete the stale artifacts: mik cache clean, then systemctl restart mik (or mik cache warm)"),
        });
    }

    private CheckResult Result(ModuleFileInfo file, ModulesReport report, string verdict, string reason, string fix) =>
        new(Id, Title, verdict, reason, [ModulesEvidence.Line(report, file)], fix);
}
