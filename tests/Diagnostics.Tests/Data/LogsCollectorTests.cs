using System.Text.Json;
using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data.Logs;
using static Mik.Durable.Diagnostics.Tests.Data.DataTestSupport;

namespace Mik.Durable.Diagnostics.Tests.Data;

public sealed class LogsCollectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static string Line(DateTimeOffset at, string message, double? durationMs = null, string module = "hello") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"), ["level"] = "INFO", ["target"] = "mik::request",
            ["message"] = message, ["duration_ms"] = durationMs, ["module"] = module,
        });

    [Fact]
    public async Task The_newest_lines_of_the_window_come_from_the_daily_rolled_files_named_as_serilog_names_them()
    {
        var root = TempDir();
        var logs = Path.Combine(root, "log");
        Directory.CreateDirectory(logs);
        await File.WriteAllLinesAsync(Path.Combine(logs, "mik20261201.log"),
            [Line(Now.AddDays(-1), "too_old"), Line(Now.AddMinutes(-50), "yesterday_in_window")], Ct);
        await File.WriteAllTextAsync(Path.Combine(logs, "mik20261202.log"),
            string.Join("\n", Enumerable.Range(1, 5).Select(i => Line(Now.AddMinutes(-10 + i), $"line_{i}"))) + "\n" +
            Line(Now.AddMinutes(30), "after_the_window") + "\n{\"timestamp\":\"torn", Ct);
        await File.WriteAllTextAsync(Path.Combine(logs, "other.log"), Line(Now, "not_ours") + "\n", Ct);
        var config = Config(root);
        config.Logging.File = Path.Combine(logs, "mik.log");

        var evidence = await CollectAsync(new LogsCollector(), Context(config, logLines: 4, since: Now.AddHours(-1), until: Now));

        var today = evidence.Text("logs/mik20261202.log")!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["line_2", "line_3", "line_4", "line_5"], today.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("message").GetString()));
        Assert.False(evidence.Has("logs/mik20261201.log"), "only the newest 4 lines were asked for");

        var more = await CollectAsync(new LogsCollector(), Context(config, logLines: 100, since: Now.AddHours(-1), until: Now));
        Assert.Equal(["yesterday_in_window"], more.Text("logs/mik20261201.log")!.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("message").GetString()));
        Assert.False(more.Has("logs/other.log"));
    }

    [Fact]
    public async Task A_log_file_is_capped_at_one_mebibyte_keeping_its_end()
    {
        var root = TempDir();
        var config = Config(root);
        config.Logging.File = Path.Combine(root, "mik.log");
        var filler = new string('x', 1000);
        var lines = Enumerable.Range(0, 3000).Select(i => Line(Now.AddSeconds(-3000 + i), $"line_{i}", module: filler)).ToList();
        await File.WriteAllLinesAsync(Path.Combine(root, "mik20261202.log"), lines, Ct);

        var evidence = await CollectAsync(new LogsCollector(), Context(config, logLines: 5000, since: Now.AddHours(-1), until: Now));

        var file = evidence.Files["logs/mik20261202.log"];
        Assert.InRange(file.Length, LogsCollector.MaxBytes - 2000, LogsCollector.MaxBytes);
        Assert.EndsWith("\"line_2999\"", JsonDocument.Parse(evidence.Text("logs/mik20261202.log")!.TrimEnd('\n').Split('\n')[^1]).RootElement
            .GetProperty("message").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_to_stdout_only_without_a_journal_is_skipped_saying_so()
    {
        var evidence = await CollectAsync(new LogsCollector(), Context(Config(TempDir())));

        var status = evidence.Collector("logs")!;
        Assert.Equal(CollectorStatus.Skipped, status.Status);
        Assert.Contains("logging.file is not set", status.Reason, StringComparison.Ordinal);
        Assert.Equal(Verdict.Skip, Single(new SlowHandlersCheck(), evidence).Verdict);
    }

    [Fact]
    public void Slow_handlers_warns_naming_the_requests_over_one_second_and_the_runbook_causes()
    {
        var log = string.Join("\n", Line(Now, "request_completed", 12.5), Line(Now, "request_completed", 2400, "report"),
            Line(Now, "module_loaded", 5000), Line(Now, "request_completed", 1000)) + "\n";

        var result = Single(new SlowHandlersCheck(), EvidenceOf(("logs/mik20261202.log", log)));

        Assert.Equal(Verdict.Warn, result.Verdict);
        Assert.Contains("1 of 3 request(s) took over 1000 ms: report (1)", result.Reason, StringComparison.Ordinal);
        Assert.Contains("2400", Assert.Single(result.Evidence), StringComparison.Ordinal);
        Assert.Contains("cache_size", result.Resolution, StringComparison.Ordinal);
        Assert.Equal(Verdict.Ok, Single(new SlowHandlersCheck(), EvidenceOf(("logs/journal.jsonl", Line(Now, "request_completed", 3) + "\n"))).Verdict);
    }
}
