using System.Net;
using System.Text.RegularExpressions;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>
/// The dashboard and the alert rules in deploy/ ask only for series and labels a running mik exposes: a panel
/// or an alert on a name mik does not have would stay empty (or silent) and nobody would notice.
/// </summary>
public sealed class DeployMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Labels Prometheus adds to every scraped series (deploy/prometheus/prometheus.yml, job "mik").
    private static readonly HashSet<string> TargetLabels = ["job", "instance"];

    [Fact]
    public async Task Every_series_and_label_of_the_dashboard_and_the_alert_rules_is_one_a_running_mik_exposes()
    {
        var scrape = new ScrapedSeries(await ScrapeBusyMikAsync());
        var queries = DeployQueries.All();
        Assert.Contains(queries, q => q.Where.StartsWith("dashboard", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Where.StartsWith("mik-alerts.yml", StringComparison.Ordinal));

        var problems = new List<string>();
        var checkedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            var families = new List<string>();
            foreach (var selector in PromSelectors.Selectors(query.Expr))
            {
                checkedNames.Add(selector.Metric);
                if (scrape.FamilyOf(selector.Metric) is not { } family)
                {
                    problems.Add($"{query.Where}: {selector.Metric} is not on mik's /metrics");
                    continue;
                }
                families.Add(family);
                foreach (var matcher in selector.Matchers.Where(m => !TargetLabels.Contains(m.Label)))
                {
                    var values = scrape.Values(family, matcher.Label);
                    if (values.Count == 0)
                        problems.Add($"{query.Where}: {selector.Metric} has no label '{matcher.Label}'");
                    else if (!matcher.Value.Contains('$', StringComparison.Ordinal) && !Matches(matcher, values))
                        problems.Add($"{query.Where}: no {selector.Metric} series has {matcher.Label}{matcher.Op}\"{matcher.Value}\" (values: {string.Join(", ", values)})");
                }
            }
            foreach (var label in PromSelectors.GroupingLabels(query.Expr).Where(l => !TargetLabels.Contains(l)))
            {
                if (families.Count > 0 && !families.Any(f => scrape.Labels(f).Contains(label)))
                    problems.Add($"{query.Where}: groups by '{label}', which none of {string.Join(", ", families)} has");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        // The check has teeth only if the queries reach the series a user looks at first.
        Assert.Superset(new HashSet<string>(["mik_requests_total", "mik_request_duration_seconds_bucket", "mik_circuit_breaker_state",
            "mik_cache_hits_total", "mik_cache_misses_total", "mik_memory_bytes", "mik_cache_capacity_bytes", "mik_requests_in_flight",
            "mik_requests_rejected_total", "mik_audit_events_pending", "mik_audit_spool_bytes", "mik_event_store_up",
            "mik_auth_failures_total"]), checkedNames);
    }

    [Fact]
    public void A_misspelt_series_or_label_in_a_query_is_reported()
    {
        var scrape = new ScrapedSeries("""
            # TYPE mik_requests_total counter
            mik_requests_total{module="hello",status="200"} 3
            # TYPE mik_request_duration_seconds histogram
            mik_request_duration_seconds_bucket{module="hello",le="0.5"} 3
            mik_request_duration_seconds_sum{module="hello"} 0.1
            mik_request_duration_seconds_count{module="hello"} 3
            """);
        Assert.Equal("mik_request_duration_seconds", scrape.FamilyOf("mik_request_duration_seconds_bucket"));
        Assert.Equal("mik_request_duration_seconds", scrape.FamilyOf("mik_request_duration_seconds_count"));
        Assert.Null(scrape.FamilyOf("mik_request_total"));
        Assert.Null(scrape.FamilyOf("mik_requests_total_bucket"));
        Assert.Contains("le", scrape.Labels("mik_request_duration_seconds"));

        var selector = Assert.Single(PromSelectors.Selectors("""sum by (modul) (rate(mik_requests_total{status=~"5..",module!=""}[5m]))"""));
        Assert.Equal("mik_requests_total", selector.Metric);
        Assert.Equal(new[] { new LabelMatcher("status", "=~", "5.."), new LabelMatcher("module", "!=", "") }, selector.Matchers);
        Assert.Equal(new[] { "modul" }, PromSelectors.GroupingLabels("sum by (modul) (rate(mik_requests_total[5m]))"));
        Assert.Equal(new[] { "module" }, PromSelectors.GroupingLabels("label_values(mik_requests_total{instance=~\"$instance\"}, module)"));
        Assert.False(Matches(selector.Matchers[0], scrape.Values("mik_requests_total", "status")));
    }

    private static bool Matches(LabelMatcher matcher, IReadOnlySet<string> values) => matcher.Op switch
    {
        "=" => values.Contains(matcher.Value),
        "!=" => values.Any(v => v != matcher.Value),
        "=~" => values.Any(v => Regex.IsMatch(v, $"^(?:{matcher.Value})$")),
        _ => values.Any(v => !Regex.IsMatch(v, $"^(?:{matcher.Value})$")),
    };

    /// <summary>/metrics of a mik that served requests (hits of the memory tier), failed some (5xx) and opened a breaker.</summary>
    private static async Task<string> ScrapeBusyMikAsync()
    {
        using var sandbox = new MikSandbox("[breaker]\nfailure_threshold = 2");
        sandbox.AddModule("hello");
        sandbox.AddModule("trap", "flaky");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await mik.Runtime.GetAsync("/run/hello/", Ct)).StatusCode);
        for (var i = 0; i < 3; i++) (await mik.Runtime.GetAsync("/run/flaky/", Ct)).Dispose();
        var text = await mik.Runtime.GetStringAsync("/metrics", Ct);
        Assert.Contains("mik_circuit_breaker_transitions_total{module=\"flaky\",to=\"open\"} 1", text);
        Assert.Contains("mik_requests_total{module=\"flaky\",status=\"503\"} 1", text);
        Assert.True(MetricsText.Value(text, "mik_cache_hits_total{tier=\"memory\"}") >= 2, text);
        return text;
    }
}
