using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>
/// A real Prometheus with deploy/prometheus's rules scraping a real mik: every dashboard query returns series, the
/// rules evaluate without error, and an open breaker puts MikCircuitOpen in pending for that module.
/// </summary>
public sealed class PrometheusOnMikTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_queries_return_series_and_an_open_circuit_raises_MikCircuitOpen()
    {
        using var sandbox = new MikSandbox("[breaker]\nfailure_threshold = 2");
        sandbox.AddModule("hello");
        sandbox.AddModule("trap", "flaky");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await mik.Runtime.GetAsync("/run/hello/", Ct)).StatusCode);
        for (var i = 0; i < 3; i++) (await mik.Runtime.GetAsync("/run/flaky/", Ct)).Dispose();

        var port = Ports.Free();
        var config = Path.Combine(sandbox.Directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ["{RepoFiles.PathOf("deploy", "prometheus", "rules", "mik-alerts.yml")}"]
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
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var queries = DeployQueries.FromDashboard().Where(q => !q.Where.StartsWith("dashboard variable", StringComparison.Ordinal)).ToList();
            var empty = queries.Select(q => q.Where).ToList();
            var pending = false;
            for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline && (empty.Count > 0 || !pending);)
            {
                await Task.Delay(1000, Ct);
                try
                {
                    empty = [];
                    foreach (var query in queries)
                    {
                        var expr = query.Expr.Replace("$__rate_interval", "30s", StringComparison.Ordinal)
                            .Replace("$instance", ".*", StringComparison.Ordinal).Replace("$module", ".*", StringComparison.Ordinal);
                        var result = await GetDataAsync(http, "/api/v1/query?query=" + Uri.EscapeDataString(expr));
                        if (result.GetProperty("result").GetArrayLength() == 0) empty.Add(query.Where);
                    }
                    var alerts = (await GetDataAsync(http, "/api/v1/alerts")).GetProperty("alerts");
                    pending = alerts.EnumerateArray().Any(a =>
                        a.GetProperty("labels").GetProperty("alertname").GetString() == "MikCircuitOpen" &&
                        a.GetProperty("labels").GetProperty("module").GetString() == "flaky");
                }
                catch (HttpRequestException)
                {
                    empty = ["(Prometheus not answering yet)"];
                }
            }
            Assert.True(empty.Count == 0, "dashboard queries without any series: " + string.Join("; ", empty));
            Assert.True(pending, "MikCircuitOpen was not raised for the open circuit of module flaky");

            var rules = (await GetDataAsync(http, "/api/v1/rules")).GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            Assert.Equal(9, rules.Count);
            Assert.All(rules, r => Assert.True(r.GetProperty("health").GetString() == "ok", r.ToString()));
        }
        finally
        {
            prometheus.Kill();
            await prometheus.WaitForExitAsync(Ct);
        }
    }

    private static async Task<JsonElement> GetDataAsync(HttpClient http, string path)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(path, Ct));
        return doc.RootElement.GetProperty("data").Clone();
    }
}
