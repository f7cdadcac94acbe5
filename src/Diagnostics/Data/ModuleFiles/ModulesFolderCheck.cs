using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary><c>modules.folder</c>: the modules folder exists, can be listed, and holds modules (runbook: "Verify module file exists").</summary>
internal sealed class ModulesFolderCheck : ICheck
{
    public string Id => "modules.folder";

    public string Title => "the modules folder exists, is readable and holds modules";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (ModulesEvidence.Read(this, evidence, out var skip) is not { } report) return [skip!];
        var folder = report.Folder;
        var line = $"{folder.Path}: exists {folder.Exists.ToString().ToLowerInvariant()}, mode {folder.Mode ?? "?"}";
        if (!folder.Exists)
            return [Result(Verdict.Fail, $"the modules folder {folder.Path} does not exist", line,
                $"Create {folder.Path} (or mount its volume) or correct [server] modules in mik.toml, then deploy the modules (mik modules deploy <file>)")];
        if (!folder.Readable)
            return [Result(Verdict.Fail, $"the modules folder {folder.Path} cannot be listed (mode {folder.Mode ?? "?"})", line,
                $"chmod 755 {folder.Path}")];
        var modules = report.Files.Count(f => f.Kind == "module");
        if (modules == 0)
            return [Result(Verdict.Warn, $"no .wasm module in {folder.Path}: every route is a 404", line,
                "Deploy the missing module: mik modules deploy <file> (or copy <name>.wasm into the folder)")];
        return [Result(Verdict.Ok, $"{folder.Path} holds {modules} module(s)", line, null)];
    }

    private CheckResult Result(string verdict, string reason, string evidence, string? fix) => new(Id, Title, verdict, reason, [evidence], fix);
}
