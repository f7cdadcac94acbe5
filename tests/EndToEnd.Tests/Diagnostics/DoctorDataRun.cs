using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary>Runs <c>mik doctor --json --check …</c> of the published binary on a sandbox and reads its findings.</summary>
internal static class DoctorDataRun
{
    public const string Key = "e2e-doctor-data-key";

    /// <summary>Every data check id (docs/diagnostics.md).</summary>
    public static readonly string[] DataChecks =
    [
        "config.valid", "modules.folder", "modules.readable", "modules.valid", "aot.artifacts", "event_store.reachable",
        "event_store.migrated", "audit.spool", "logs.slow_handlers",
    ];

    public static async Task<(int ExitCode, IReadOnlyList<JsonElement> Checks, string Stdout)> RunAsync(MikSandbox sandbox, params string[] checks)
    {
        string[] args = ["doctor", "--json", "--config", sandbox.ConfigPath, .. checks.SelectMany(c => new[] { "--check", c })];
        var result = await AdminCli.RunAsync(Key, sandbox.Directory, args);
        Assert.True(result.ExitCode is 0 or 1, $"mik doctor exited {result.ExitCode}: {result.Stderr}");
        using var report = JsonDocument.Parse(result.Stdout);
        return (result.ExitCode, [.. report.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.Clone())], result.Stdout);
    }

    public static JsonElement One(IReadOnlyList<JsonElement> checks, string id, string verdict, string reasonPart) =>
        Assert.Single(checks, c => c.GetProperty("id").GetString() == id && c.GetProperty("verdict").GetString() == verdict
            && c.GetProperty("reason").GetString()!.Contains(reasonPart, StringComparison.Ordinal));

    public static string Resolution(JsonElement check) => check.GetProperty("resolution").GetString() ?? "";
}
