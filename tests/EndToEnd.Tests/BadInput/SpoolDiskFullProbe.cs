using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// The audit spool's disk fills up while PostgreSQL is away: requests go on being served, the refused events are
/// reported (an ERROR line and <c>mik_audit_events_dropped_total{reason="spool_full"}</c>), and the spool file holds
/// whole lines only, as long as the spool says it is.
/// </summary>
internal static class SpoolDiskFullProbe
{
    private const string Key = "e2e-spool-full-key";
    private const int Requests = 150;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task RunAsync(BadInputCase row)
    {
        // Nothing listens on that port: every audit event goes to the spool. Modules from the folder, so start-up
        // does not wait to converge with a store it cannot reach.
        var unreachable = $"Host=127.0.0.1;Port={Ports.Free()};Username=postgres;Database=postgres;Timeout=2";
        using var sandbox = new MikSandbox("[cluster]\nmodule_source = \"folder\"\n", databaseUrl: unreachable, adminToml: "auth_failure_burst = 0");
        sandbox.AddModule("hello");
        sandbox.Environment["MIK_API_KEY"] = Key;
        var spoolDir = Path.Combine(sandbox.StateDirectory, "audit-spool");
        using var disk = await TmpfsMount.MountAsync(spoolDir, "size=16k");
        await using (var mik = MikProcess.Start(sandbox))
        {
            await mik.WaitReadyAsync();
            for (var n = 0; n < Requests; n++)
            {
                // Each refused key is an AuthFailed audit event of a few hundred bytes: 16 KiB hold about 40.
                using var request = new HttpRequestMessage(HttpMethod.Get, "/x/" + n);
                request.Headers.Add("X-API-Key", "wrong-" + n);
                using var refused = await mik.Admin.SendAsync(request, Ct);
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                if (n % 25 == 0) Assert.Equal(HttpStatusCode.OK, (await mik.Runtime.GetAsync("/run/hello/", Ct)).StatusCode);
            }
            var lines = await LogLines.WaitAsync(mik, l => l.Any(x => x.Is("message", row.Error)), row.Error);
            Assert.True(lines.First(x => x.Is("message", row.Error)).Is("level", "ERROR"));
            // Settled: the refusals counted, and the spool's own size is the file's (a write may still be under way).
            var file = Path.Combine(spoolDir, "events.jsonl");
            string metrics;
            byte[] spool;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                metrics = await mik.Admin.GetStringAsync("/metrics", Ct);
                spool = await File.ReadAllBytesAsync(file, Ct);
                if (MetricsText.Value(metrics, "mik_audit_events_dropped_total{reason=\"spool_full\"}") > 0
                    && MetricsText.Value(metrics, "mik_audit_spool_bytes") == spool.Length) break;
                Assert.True(DateTime.UtcNow < deadline, $"the spool's size ({spool.Length} bytes) and its metrics never agreed:\n{metrics}");
                await Task.Delay(200, Ct);
            }
            Assert.Equal(HttpStatusCode.OK, (await mik.Runtime.GetAsync("/run/hello/", Ct)).StatusCode);

            // Nothing half-written: whole lines, each an event (the refused keys', and those of start-up).
            Assert.NotEmpty(spool);
            Assert.Equal((byte)'\n', spool[^1]);
            var events = System.Text.Encoding.UTF8.GetString(spool).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("type").GetString()).ToList();
            Assert.Contains("auth_failed", events);
        }
    }
}
