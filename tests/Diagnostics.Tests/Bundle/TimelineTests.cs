using Mik.Durable.Diagnostics.Bundle;

namespace Mik.Durable.Diagnostics.Tests.Bundle;

public sealed class TimelineTests
{
    [Fact]
    public void Log_lines_audit_events_and_metric_changes_come_out_in_time_order()
    {
        var evidence = BundleFixtures.Evidence(
            ("logs/mik.log", """
                {"timestamp":"2026-12-02T19:59:03Z","level":"info","message":"request_completed","module":"hello","status":500}
                not json: skipped
                {"timestamp":"2026-12-02T19:59:01Z","level":"warn","message":"circuit_opened","module":"hello"}
                """),
            ("logs/journal.jsonl", """{"timestamp":"2026-12-02T19:59:04Z","level":"info","message":"from_journal"}"""),
            ("audit/events.jsonl", """
                {"seq":7,"type":"module_deployed","stream":"module-hello","timestamp":"2026-12-02T19:59:02Z","data":{"module":"hello"}}
                """),
            ("metrics/start.prom", "mik_requests_total{module=\"hello\",status=\"500\"} 3\nmik_request_duration_seconds_bucket{le=\"1\"} 1\n"),
            ("metrics/end.prom", "mik_requests_total{module=\"hello\",status=\"500\"} 5\nmik_request_duration_seconds_bucket{le=\"1\"} 9\n"));
        var manifest = BundleFixtures.Prepare(evidence).Manifest;

        var timeline = Timeline.Build(evidence, manifest);

        Assert.Equal(
            [
                ("logs/mik.log", "warn circuit_opened module=hello"),
                ("audit", "module_deployed module-hello {\"module\":\"hello\"}"),
                ("logs/mik.log", "info request_completed module=hello status=500"),
                ("logs/journal.jsonl", "info from_journal"),
                ("metrics", "mik_requests_total{module=\"hello\",status=\"500\"} 3 -> 5"),
            ],
            timeline.Select(e => (e.Source, e.Text)));
        Assert.Equal(manifest.Collected.Until, timeline[^1].At);
    }

    [Fact]
    public void The_summary_reads_error_rate_and_its_change_open_circuits_and_slowest_modules_from_the_samples()
    {
        var evidence = BundleFixtures.Evidence(
            ("metrics/start.prom", "mik_requests_total{module=\"a\",status=\"200\"} 90\nmik_requests_total{module=\"a\",status=\"500\"} 10\n"),
            ("metrics/end.prom", """
                mik_requests_total{module="a",status="200"} 92
                mik_requests_total{module="a",status="500"} 18
                mik_circuit_breaker_state{module="a"} 1
                mik_circuit_breaker_state{module="b"} 0
                mik_request_duration_seconds_sum{module="a"} 2.2
                mik_request_duration_seconds_count{module="a"} 110
                mik_request_duration_seconds_sum{module="b"} 5
                mik_request_duration_seconds_count{module="b"} 10
                mik_request_duration_seconds_sum{module=""} 90
                mik_request_duration_seconds_count{module=""} 1
                """));

        var summary = InspectSummary.From(evidence);

        Assert.Equal(["a (open)"], summary.OpenCircuits);
        Assert.Equal(new RequestRates(110, 18, 10, 8), summary.Requests);
        Assert.Equal(0.8, summary.Requests!.IntervalErrorRate);
        Assert.Equal(["b", "a"], summary.SlowestModules.Select(m => m.Module));
        Assert.Equal(500, summary.SlowestModules[0].MeanMs, 3);
    }
}
