using System.Text.Json;
using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Host.HostChecks;
using Mik.Durable.Diagnostics.Host.Model;

namespace Mik.Durable.Diagnostics.Tests.Host;

/// <summary>The checks over what the running server said: health.json and the two metrics samples.</summary>
public sealed class LiveChecksTests
{
    private static CheckResult Health(int status, string body) => new HealthCheck().Run(
        new HostEvidenceBuilder().Json("health.json", new HealthEvidence(status, JsonDocument.Parse(body).RootElement.Clone())).Build()).Single();

    private static CheckResult Metrics(ICheck check, string start, string? end = null) =>
        check.Run(new HostEvidenceBuilder().Metrics(start, end).Build()).Single();

    [Fact]
    public void Health_is_ok_when_ready_warns_when_degraded_starting_or_draining_and_fails_otherwise()
    {
        Assert.Equal(Verdict.Ok, Health(200, """{"status":"ready","event_store":"ok","modules_dir":"ok","modules_broken":0}""").Verdict);

        var degraded = Health(200, """{"status":"ready","event_store":"degraded","modules_dir":"ok","modules_broken":0}""");
        Assert.Equal(Verdict.Warn, degraded.Verdict);
        Assert.Contains("event_store degraded", degraded.Reason);
        Assert.Contains(degraded.Evidence, l => l.StartsWith("health.json: HTTP 200 {", StringComparison.Ordinal));

        var draining = Health(503, """{"status":"draining"}""");
        Assert.Equal((Verdict.Warn, "HTTP 503 draining"), (draining.Verdict, draining.Reason));

        var broken = Health(500, "\"oops\"");
        Assert.Equal(Verdict.Fail, broken.Verdict);
        Assert.Contains("journalctl -u mik", broken.Resolution);
    }

    [Fact]
    public void Circuits_open_fails_naming_the_module_and_the_metric_line_and_is_ok_when_all_are_closed()
    {
        var open = Metrics(new CircuitsOpenCheck(), "mik_circuit_breaker_state{module=\"hello\"} 0\nmik_circuit_breaker_state{module=\"flaky\"} 1\n");
        Assert.Equal(Verdict.Fail, open.Verdict);
        Assert.StartsWith("circuit open for flaky", open.Reason);
        Assert.Equal(["mik_circuit_breaker_state{module=\"flaky\"} 1"], open.Evidence);
        Assert.Contains("/run/flaky/", open.Resolution);
        Assert.Contains("fix the root cause, then wait for recovery", open.Resolution);

        Assert.Equal(Verdict.Warn, Metrics(new CircuitsOpenCheck(), "mik_circuit_breaker_state{module=\"flaky\"} 2\n").Verdict);
        var closed = Metrics(new CircuitsOpenCheck(), "mik_circuit_breaker_state{module=\"hello\"} 0\n");
        Assert.Equal((Verdict.Ok, "all 1 circuit(s) closed"), (closed.Verdict, closed.Reason));
    }

    [Fact]
    public void Cache_hit_ratio_warns_on_frequent_cold_starts_and_does_not_judge_a_handful_of_loads()
    {
        var cold = Metrics(new CacheHitRatioCheck(), "mik_cache_hits_total{tier=\"memory\"} 10\nmik_cache_hits_total{tier=\"aot\"} 0\nmik_cache_misses_total 30\nmik_cache_evictions_total 25\n");
        Assert.Equal(Verdict.Warn, cold.Verdict);
        Assert.StartsWith("hit ratio 0.25 (10 hits, 30 compiles, 25 evictions)", cold.Reason);
        Assert.Contains("mik_cache_misses_total 30", cold.Evidence);
        Assert.StartsWith("Cold starts: increase cache_size", cold.Resolution);

        Assert.Equal(Verdict.Ok, Metrics(new CacheHitRatioCheck(), "mik_cache_hits_total{tier=\"memory\"} 95\nmik_cache_misses_total 5\n").Verdict);
        var few = Metrics(new CacheHitRatioCheck(), "mik_cache_hits_total{tier=\"memory\"} 0\nmik_cache_misses_total 2\n");
        Assert.Equal(Verdict.Ok, few.Verdict);
        Assert.Contains("too few to judge", few.Reason);
    }

    [Fact]
    public void Auth_failure_spike_reads_the_rise_between_the_two_samples()
    {
        const string quiet = "mik_auth_failures_total{reason=\"missing_key\"} 3\nmik_auth_failures_total{reason=\"invalid_key\"} 1\n";
        var ok = Metrics(new AuthFailureSpikeCheck(), quiet, quiet);
        Assert.Equal((Verdict.Ok, "no refused admin request between the samples (4 since mik started)"), (ok.Verdict, ok.Reason));

        var some = Metrics(new AuthFailureSpikeCheck(), quiet, "mik_auth_failures_total{reason=\"missing_key\"} 3\nmik_auth_failures_total{reason=\"invalid_key\"} 4\n");
        Assert.Equal((Verdict.Warn, "3 refused admin request(s) between the two samples (3 invalid_key)"), (some.Verdict, some.Reason));
        Assert.Contains("start: mik_auth_failures_total{reason=\"invalid_key\"} 1; end: mik_auth_failures_total{reason=\"invalid_key\"} 4", some.Evidence);
        Assert.StartsWith("Missing header: add the X-API-Key header", some.Resolution);

        var spike = Metrics(new AuthFailureSpikeCheck(), quiet, "mik_auth_failures_total{reason=\"missing_key\"} 40\nmik_auth_failures_total{reason=\"invalid_key\"} 1\n");
        Assert.Equal(Verdict.Fail, spike.Verdict);
    }
}
