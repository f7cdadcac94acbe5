using System.Globalization;
using System.Text.Json;
using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.Logs;

/// <summary>
/// <c>logs.slow_handlers</c>: <c>request_completed</c> lines with <c>duration_ms &gt; 1000</c> in the collected logs
/// (runbook: <c>journalctl -u mik | jq 'select(.duration_ms &gt; 1000)'</c>).
/// </summary>
internal sealed class SlowHandlersCheck : ICheck
{
    public const double SlowMs = 1000;
    private const int Shown = 10;

    public string Id => "logs.slow_handlers";

    public string Title => "no request took over 1 s in the recent logs";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        var files = evidence.Files.Keys.Where(k => k.StartsWith(DataFiles.LogsFolder, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            yield return DataEvidence.Missing(this, evidence, "logs", DataFiles.LogsFolder);
            yield break;
        }
        var requests = 0;
        var slow = new List<(double Ms, string Module, string Line)>();
        foreach (var file in files)
        {
            foreach (var text in evidence.Text(file)!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Completed(text) is not { } ms) continue;
                requests++;
                if (ms.Duration > SlowMs) slow.Add((ms.Duration, ms.Module, $"{file}: {text}"));
            }
        }
        if (slow.Count == 0)
        {
            yield return new CheckResult(Id, Title, Verdict.Ok, $"{requests} request(s) in the logs, none over {SlowMs:0} ms", []);
            yield break;
        }
        var modules = string.Join(", ", slow.GroupBy(s => s.Module).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ({g.Count()})"));
        yield return new CheckResult(Id, Title, Verdict.Warn,
            $"{slow.Count} of {requests} request(s) took over {SlowMs:0} ms: {modules}",
            [.. slow.OrderByDescending(s => s.Ms).Take(Shown).Select(s => s.Line)],
            "Cold starts: increase [server] cache_size (and max_cache_mb) in mik.toml; circuit breaker open: check downstream services " +
            "and wait for recovery; high CPU: reduce max_concurrent_requests; disk I/O: move the modules folder (and its AOT cache) to faster storage");
    }

    private static (double Duration, string Module)? Completed(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var message) || message.GetString() != "request_completed") return null;
            if (!root.TryGetProperty("duration_ms", out var duration) || duration.ValueKind != JsonValueKind.Number) return null;
            var module = root.TryGetProperty("module", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no module)";
            return (duration.GetDouble(), module);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
