using Mik.Durable.EndToEnd.Tests.Diagnostics;
using Mik.Durable.EndToEnd.Tests.Logging;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>
/// The secret canary run (docs/reliability.md, Secret canaries): the published binary with a canary API key and a
/// canary database password that PostgreSQL really asks for, through a full run (requests and failing guests, admin
/// deploys and removals, auth failures carrying the key where it does not belong, a breaker opened and reset, cache
/// events, an outage with the spool written and replayed, <c>/config</c>, <c>mik doctor</c>, <c>mik diag bundle</c>),
/// then a search for each canary, plain or encoded, in everything mik wrote or exposed and in the environment and
/// command line of every process it started.
/// </summary>
public sealed class SecretCanaryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_canary_reaches_output_logs_Loki_events_answers_bundle_spool_files_or_child_processes()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        // Characters that URL-encoding changes, so the encoded forms are searched for apart from the plain one.
        var (apiKey, dbPassword, lokiPassword) = ($"canary-key+{tag}/k=", $"canary-pw+{tag}/p=", $"canary-loki+{tag}/l=");
        var scan = new CanaryScan(("MIK_API_KEY", apiKey), ("database password", dbPassword), ("Loki password", lokiPassword));
        var traces = Directory.CreateDirectory(Path.Combine("/tmp", "mik-canary-traces-" + tag)).FullName;
        await using var pg = await PrivatePostgres.CreateAsync();
        await PasswordRole.CreateAsync(pg, dbPassword, Ct);
        using var loki = new StandInLoki();
        // The file names the role but no password; the secrets come the way an operator's would, in the environment.
        using var sandbox = new MikSandbox(
            $"[logging]\nfile = \"logs/mik.log\"\n[breaker]\nfailure_threshold = 2\nrecovery_timeout_secs = 600\n",
            databaseUrl: PasswordRole.Url(pg), adminToml: "auth_failure_burst = 0");
        var secrets = new Dictionary<string, string>
        {
            ["MIK_API_KEY"] = apiKey,
            ["MIK_DATABASE_URL"] = PasswordRole.Url(pg, dbPassword),
            // Sent to Loki as basic auth, its one rightful place, which the stand-in does not keep.
            ["MIK_LOKI_URL"] = $"http://loki-user:{Uri.EscapeDataString(lokiPassword)}@127.0.0.1:{loki.Port}",
        };
        foreach (var (k, v) in secrets) sandbox.Environment[k] = v;
        foreach (var guest in new[] { "hello", "echo", "exit3", "stderr" }) sandbox.AddModule(guest);
        sandbox.AddModule("trap", "flaky");
        var spool = Path.Combine(sandbox.StateDirectory, "audit-spool");
        try
        {
            await using (var mik = new TracedServe(sandbox, Path.Combine(traces, "serve.trace")))
            {
                await mik.WaitEventStoreAsync();
                var requests = new CanaryRequests(scan, mik.Runtime, mik.Admin, apiKey);
                await CanaryRun.ServeAsync(requests, scan, apiKey);
                await CanaryRun.AdministerAsync(requests, apiKey);
                ProcessEnvirons.Check(scan, "while serving");

                // The outage: what is recorded now goes to the spool, searched before the replay removes it.
                await pg.StopAsync();
                await requests.AdminWithKeysAsync("/modules", apiKey + "-wrong");
                for (var i = 0; i < 2; i++) await requests.RunAsync("/run/flaky/");
                Assert.Equal(503, (await requests.AdminAsync(HttpMethod.Put, "/modules/during-outage", await File.ReadAllBytesAsync(MikSandbox.GuestPath("hello"), Ct))).Status);
                await Eventually.HoldsAsync(() => SpoolHolds(spool, "auth_failed"), "the auth failure in the spool");
                scan.CheckFolder("the spool during the outage", spool);
                ProcessEnvirons.Check(scan, "during the outage");
                await pg.StartAsync();
                await Eventually.HoldsAsync(() => !SpoolHolds(spool, "auth_failed"), "the spool replayed into the store");

                await CanaryRun.OperatorCommandsAsync(scan, sandbox, secrets, traces);
                ProcessEnvirons.Check(scan, "after the commands");
                await mik.StopAsync();
                scan.Check("mik's stdout", string.Join('\n', mik.StdoutLines));
                scan.Check("mik's stderr", mik.Stderr);
                Assert.Contains(mik.StdoutLines, l => l.Contains("\"audit_spool_replayed\"", StringComparison.Ordinal));
            }

            scan.CheckFolder("the sandbox (config, state dir, modules and cache, logs, bundle)", sandbox.Directory);
            // Rolled daily: mik.log gets the day in its name.
            Assert.Contains(Directory.GetFiles(Path.Combine(sandbox.Directory, "logs")).SelectMany(File.ReadLines), l => l.Contains("\"auth_failure\"", StringComparison.Ordinal));
            await Eventually.HoldsAsync(() => loki.Bodies.Any(b => DiagRun.Holds(b, "auth_failure")), "the auth failures at Loki");
            foreach (var (body, n) in loki.Bodies.Select((b, n) => (b, n))) scan.Check($"Loki push {n}", body);
            var store = await StoreDump.ReadAsync(PasswordRole.Superuser(pg), sandbox.Schema, Ct);
            Assert.Contains(store["mt_events"], row => row.Contains("auth_failed", StringComparison.Ordinal));
            foreach (var (table, rows) in store)
            {
                foreach (var (row, n) in rows.Select((r, n) => (r, n))) scan.Check($"{sandbox.Schema}.{table} row {n}", row);
            }
            var programs = Directory.GetFiles(traces).SelectMany(trace => ExecTrace.Check(scan, trace, Path.GetFileNameWithoutExtension(trace))).ToList();
            // The trace saw the commands' children: the logs collector runs journalctl where there is one.
            if (File.Exists("/usr/bin/journalctl")) Assert.Contains("/usr/bin/journalctl", programs);
        }
        finally
        {
            Directory.Delete(traces, recursive: true);
        }
        Assert.True(scan.Hits.Count == 0, scan.Report());
    }

    private static bool SpoolHolds(string spool, string type) =>
        Directory.Exists(spool) && Directory.EnumerateFiles(spool).Any(f => ReadShared(f).Contains($"\"{type}\"", StringComparison.Ordinal));

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
