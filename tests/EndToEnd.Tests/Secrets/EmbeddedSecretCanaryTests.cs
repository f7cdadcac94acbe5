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
        CanaryScan? generated = null;
        var trace = Path.Combine("/tmp", $"mik-canary-{tag}.trace");
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        sandbox.Environment["MIK_API_KEY"] = apiKey;
        sandbox.AddModule("echo");
        try
        {
            await using (var mik = new TracedServe(sandbox, trace))
            {
                await mik.WaitEventStoreAsync();
                // The cluster's generated passwords are secrets too: mik hands PostgreSQL only their SCRAM verifiers.
                var passwords = PasswordFiles(sandbox).Select(f => ($"the generated password in {Path.GetFileName(f)}", File.ReadAllText(f).Trim())).ToArray();
                Assert.All(passwords, p => Assert.True(p.Item2.Length >= 16, $"{p.Item1} is not a password: '{p.Item2}'"));
                generated = new CanaryScan(passwords);
                var requests = new CanaryRequests(scan, mik.Runtime, mik.Admin, apiKey);
                var (status, echo) = await requests.RunAsync("/run/echo/a");
                Assert.Equal(200, status);
                Assert.Contains("env REQUEST_METHOD=GET", echo, StringComparison.Ordinal);
                Assert.Equal(403, (await requests.AdminWithKeysAsync("/modules", apiKey + "x")).Status);

                var seen = ProcessEnvirons.Check(scan, "while serving");
                ProcessEnvirons.Check(generated, "while serving");
                // The scan read the cluster's processes: the postmaster names its data folder in the state dir.
                Assert.Contains(seen, c => c.Contains(Path.Combine(sandbox.StateDirectory, "pg"), StringComparison.Ordinal) && c.Contains("postgres", StringComparison.Ordinal));
                await mik.StopAsync();
                foreach (var found in new[] { scan, generated })
                {
                    found.Check("mik's stdout", string.Join('\n', mik.StdoutLines));
                    found.Check("mik's stderr", mik.Stderr);
                    found.Check("the environment of guest echo", echo);
                }
            }
            var programs = ExecTrace.Check(scan, trace, "mik serve");
            ExecTrace.Check(generated, trace, "mik serve");
            foreach (var program in new[] { "initdb", "pg_ctl", "postgres" })
                Assert.Contains(programs, p => Path.GetFileName(p) == program);
            scan.CheckFolder("the state dir", sandbox.StateDirectory);
            generated.CheckFolder("the state dir", sandbox.StateDirectory, PasswordFiles(sandbox));
        }
        finally
        {
            File.Delete(trace);
        }
        Assert.True(scan.Hits.Count == 0, scan.Report());
        Assert.True(generated!.Hits.Count == 0, generated.Report());
    }

    /// <summary>Where mik keeps the passwords of roles <c>mik</c> and <c>postgres</c> (docs/operations.md, The embedded PostgreSQL).</summary>
    private static string[] PasswordFiles(MikSandbox sandbox) =>
        [Path.Combine(sandbox.StateDirectory, "pg", "mik.password"), Path.Combine(sandbox.StateDirectory, "pg", "admin.password")];
}
