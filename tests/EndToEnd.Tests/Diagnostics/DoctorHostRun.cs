using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary>One <c>mik doctor --json --check ID...</c> on a sandbox's config: its exit code and its results.</summary>
internal sealed record DoctorHostRun(int ExitCode, IReadOnlyList<JsonElement> Checks, string Stdout)
{
    public static readonly string[] HostChecks =
    [
        "process.running", "ports.listening", "ports.conflict", "ports.bind_address", "admin.key", "health",
        "circuits.open", "cache.hit_ratio", "memory.limits", "disk.free", "auth.failure_spike",
    ];

    public static async Task<DoctorHostRun> RunAsync(MikSandbox sandbox, params string[] ids)
    {
        var result = await MikCli.RunAsync(sandbox.Directory, ["doctor", "--json", "--config", sandbox.ConfigPath, .. ids.SelectMany(id => new[] { "--check", id })]);
        using var report = JsonDocument.Parse(result.Stdout);
        return new DoctorHostRun(result.ExitCode, [.. report.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.Clone())], result.Stdout);
    }

    public IReadOnlyList<JsonElement> Of(string id) => [.. Checks.Where(c => c.GetProperty("id").GetString() == id)];

    public JsonElement One(string id) => Assert.Single(Of(id));

    public static string Verdict(JsonElement check) => check.GetProperty("verdict").GetString()!;

    public static string Reason(JsonElement check) => check.GetProperty("reason").GetString()!;

    public static string Resolution(JsonElement check) =>
        check.TryGetProperty("resolution", out var fix) && fix.ValueKind == JsonValueKind.String ? fix.GetString()! : "";

    public static IReadOnlyList<string> Evidence(JsonElement check) =>
        [.. check.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!)];
}
