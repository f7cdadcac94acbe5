using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.ConfigFile;

/// <summary><c>config.valid</c>: the configuration loads as <c>mik serve</c> would load it (config/problems.json).</summary>
internal sealed class ConfigValidCheck : ICheck
{
    public string Id => "config.valid";

    public string Title => "mik.toml and the environment give a configuration mik serve accepts";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        var problems = evidence.Read<List<ConfigProblemEntry>>(DataFiles.Problems);
        if (problems is null)
        {
            yield return DataEvidence.Missing(this, evidence, "config", DataFiles.Problems);
            yield break;
        }
        var source = evidence.Read<ConfigSource>(DataFiles.Source);
        var from = source?.Path ?? "built-in defaults";
        if (problems.Count == 0)
        {
            var unknown = source?.UnknownKeys ?? [];
            yield return unknown.Count == 0
                ? new CheckResult(Id, Title, Verdict.Ok, $"configuration from {from} loads", [])
                : new CheckResult(Id, Title, Verdict.Warn, $"{from} has keys mik does not know and ignores: {string.Join(", ", unknown)}",
                    [.. unknown.Select(k => $"{DataFiles.Source}: unknown key {k}")],
                    "Correct or remove the unknown keys (a misspelled key leaves its setting at the default) (mik doctor --check config.valid lists them again)");
            yield break;
        }
        yield return new CheckResult(Id, Title, Verdict.Fail, $"mik serve would refuse the configuration from {from}: {problems.Count} problem(s)",
            [.. problems.Select(p => $"{p.Key} = {p.Value}: {p.Reason}")],
            "Fix the settings named in the evidence in mik.toml or the environment (MIK_API_KEY, MIK_DATABASE_URL, HOST, PORT), then systemctl restart mik");
    }
}
