using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>
/// The secret canary run's part with the embedded PostgreSQL (docs/reliability.md, Secret canaries): every program mik
/// starts for its cluster (runuser, initdb, pg_ctl, the postmaster and its backends, the watchdog) is searched for
/// the canary API key, in the environment and arguments each was started with (strace) and while it runs (/proc).
/// </summary>
public sealed class EmbeddedSecretCanaryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_canary_reaches_the_embedded_PostgreSQL_its_watchdog_or_a_guest()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var apiKey = $"canary-key+{tag}/k=";
        var scan = new CanaryScan(("MIK_API_KEY", apiKey));
        var trace = Path.Combine("/tmp", $"mik-canary-{tag}.trace");
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        sandbox.Environment["MIK_API_KEY"] = apiKey;
        sandbox.AddModule("echo");
        try
        {
            await using (var mik = new TracedServe(sandbox, trace))
            {
                await mik.WaitEventStoreAsync();
                var requests = new CanaryRequests(scan, mik.Runtime, mik.Admin, apiKey);
                var (status, echo) = await requests.RunAsync("/run/echo/a");
                Assert.Equal(200, status);
                Assert.Contains("env REQUEST_METHOD=GET", echo, StringComparison.Ordinal);
                scan.Check("the environment of guest echo", echo);
                Assert.Equal(403, (await requests.AdminWithKeysAsync("/modules", apiKey + "x")).Status);

                var seen = ProcessEnvirons.Check(scan, "while serving");
                // The scan read the cluster's processes: the postmaster names its data folder in the state dir.
                Assert.Contains(seen, c => c.Contains(Path.Combine(sandbox.StateDirectory, "pg"), StringComparison.Ordinal) && c.Contains("postgres", StringComparison.Ordinal));
                await mik.StopAsync();
                scan.Check("mik's stdout", string.Join('\n', mik.StdoutLines));
                scan.Check("mik's stderr", mik.Stderr);
            }
            var programs = ExecTrace.Check(scan, trace, "mik serve");
            foreach (var program in new[] { "initdb", "pg_ctl", "postgres" })
                Assert.Contains(programs, p => Path.GetFileName(p) == program);
            scan.CheckFolder("the state dir", sandbox.StateDirectory);
        }
        finally
        {
            File.Delete(trace);
        }
        Assert.True(scan.Hits.Count == 0, scan.Report());
    }
}
