using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>
/// <c>modules.valid</c>: every readable <c>.wasm</c> is a WebAssembly core module or a component, both of which the
/// server serves (runbook: "Validate WASM format"; docs/components.md).
/// </summary>
internal sealed class ModulesValidCheck : ICheck
{
    public string Id => "modules.valid";

    public string Title => "each module file is a WebAssembly core module (WASI preview 1) or a wasi:http component";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (ModulesEvidence.Read(this, evidence, out var skip) is not { } report) return [skip!];
        var looked = report.Files.Where(f => f.Kind == "module" && f.Wasm is not (null or "unreadable")).ToList();
        var bad = looked.Where(f => f.Wasm is not ("module" or "component")).ToList();
        if (bad.Count == 0)
            return [new CheckResult(Id, Title, Verdict.Ok, $"{looked.Count} module(s) are WebAssembly core modules or components", [])];
        return bad.Select(f => new CheckResult(Id, Title, Verdict.Fail, $"{f.File}: {f.Problem ?? f.Wasm}",
            [ModulesEvidence.Line(report, f)],
            $"Rebuild {f.Name} as a WASI preview 1 core module (wasm32-wasi), check it with mik validate <file> and deploy it with mik modules deploy <file>; " +
            $"or remove {ModulesEvidence.PathOf(report, f)}"));
    }
}
