using System.Diagnostics;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>/metrics checked by Prometheus's own tools: promtool, and a real Prometheus server scraping mik.</summary>
public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Series =
    [
        "mik_requests_total", "mik_request_duration_seconds", "mik_requests_in_flight", "mik_requests_rejected_total",
        "mik_circuit_breaker_state", "mik_circuit_breaker_transitions_total", "mik_cache_hits_total", "mik_cache_misses_total",
        "mik_cache_evictions_total", "mik_cache_entries", "mik_cache_bytes", "mik_cache_capacity_bytes",
        "mik_module_compile_seconds", "mik_memory_bytes", "mik_max_concurrent_requests", "mik_event_store_up", "mik_build_info",
        "mik_auth_failures_total", "mik_audit_events_written_total", "mik_audit_events_pending", "mik_audit_spool_bytes",
    ];

    private static async Task<MikProcess> StartWithTrafficAsync(MikSandbox sandbox)
    {
        sandbox.AddModule("hello");
        sandbox.AddModule("trap");
        var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        foreach (var path in new[] { "/run/hello", "/run/hello/x", "/run/trap", "/run/nothere" })
            (await mik.Runtime.GetAsync(path, Ct)).Dispose();
        return mik;
    }

    [Fact]
    public async Task The_metrics_pass_promtool_and_show_every_series_with_bounded_labels()
    {
        using var sandbox = new MikSandbox(serverToml: "max_concurrent_requests = 7");
        await using var mik = await StartWithTrafficAsync(sandbox);
        using var response = await mik.Runtime.GetAsync("/metrics", Ct);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync(Ct);

        var promtool = Process.Start(new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var complaints = await promtool.StandardOutput.ReadToEndAsync(Ct) + await promtool.StandardError.ReadToEndAsync(Ct);
        await promtool.WaitForExitAsync(Ct);
        Assert.True(promtool.ExitCode == 0, complaints);

        foreach (var series in Series) Assert.Contains("# TYPE " + series + " ", text);
        Assert.Contains("mik_requests_rejected_total{reason=\"overloaded\"} 0", text);
        Assert.Contains("mik_requests_total{module=\"hello\",status=\"200\"} 2", text);
        Assert.Contains("mik_requests_total{module=\"trap\",status=\"500\"} 1", text);
        Assert.Contains("mik_requests_total{module=\"\",status=\"404\"} 1", text);
        Assert.DoesNotContain("nothere", text);
        Assert.Contains("mik_max_concurrent_requests 7", text);
        Assert.Contains("mik_memory_bytes{kind=\"rss\"}", text);
        Assert.Contains("mik_memory_bytes{kind=\"guest\"}", text);
        Assert.Equal(text.Length > 0, (await mik.Admin.GetStringAsync("/metrics", Ct)).Contains("mik_build_info", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_real_Prometheus_scrapes_mik_and_answers_a_query_for_mik_requests_total()
    {
        using var sandbox = new MikSandbox();
        await using var mik = await StartWithTrafficAsync(sandbox);
        var port = Ports.Free();
        var config = Path.Combine(sandbox.Directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: mik
                static_configs:
                  - targets: ["127.0.0.1:{sandbox.Port}"]
            """, Ct);
        using var prometheus = Process.Start(new ProcessStartInfo("prometheus",
            $"--config.file={config} --storage.tsdb.path={Path.Combine(sandbox.Directory, "tsdb")} --web.listen-address=127.0.0.1:{port}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        try
        {
            using var http = new HttpClient();
            JsonElement result = default;
            for (var i = 0; i < 60 && result.ValueKind != JsonValueKind.Array || (result.ValueKind == JsonValueKind.Array && result.GetArrayLength() == 0); i++)
            {
                await Task.Delay(500, Ct);
                try
                {
                    var json = await http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query=mik_requests_total", Ct);
                    result = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("result").Clone();
                }
                catch (HttpRequestException)
                {
                }
            }
            Assert.Equal(JsonValueKind.Array, result.ValueKind);
            Assert.Contains(result.EnumerateArray(), r =>
                r.GetProperty("metric").GetProperty("module").GetString() == "hello" &&
                r.GetProperty("metric").GetProperty("job").GetString() == "mik");
        }
        finally
        {
            prometheus.Kill();
        }
    }
}
