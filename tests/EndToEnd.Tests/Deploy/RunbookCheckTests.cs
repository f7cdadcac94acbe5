using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>
/// scripts/runbook-check.sh: the published mik, given each failure docs/runbook.md describes, shows what the
/// runbook says under the runbook's own commands. The disk case needs a tmpfs mount; where the machine refuses
/// one it must say so with the reason rather than pass.
/// </summary>
public sealed class RunbookCheckTests
{
    private static readonly string[] Cases =
    [
        "quick diagnostics: mik is up",
        "circuit open (a trapping module)",
        "module missing",
        "permission denied (mode 0000)",
        "invalid wasm",
        "stale AOT artifact",
        "bound to 127.0.0.1",
        "authentication failures",
        "slow handler and cold starts (high latency)",
        "memory",
        "log analysis",
        "recovery: caches, instances, derived state",
        "process not running",
    ];

    [Fact]
    public async Task Every_failure_of_the_runbook_shows_what_the_runbook_says()
    {
        var result = await Tool.RunAsync(RepoFiles.PathOf("scripts", "runbook-check.sh"), [MikBinary.Path]);

        Assert.True(result.ExitCode == 0, result.Output);
        foreach (var name in Cases) Assert.Contains($"ok    {name} (", result.Stdout);
        var disk = result.Stdout.Split('\n').Single(l => l.Contains("disk nearly full"));
        Assert.Matches(@"^(ok    disk nearly full \(tmpfs modules folder\) \(\d+ commands\)|SKIP  disk nearly full: \S.*)$", disk);
        var total = disk.StartsWith("ok", StringComparison.Ordinal) ? "14 passed, 0 failed, 0 skipped" : "13 passed, 0 failed, 1 skipped";
        Assert.EndsWith($"runbook-check: {total}\n", result.Stdout);
    }
}
