using Mik.Durable.EndToEnd.Tests.Support;
using Npgsql;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary>
/// The acceptance test of the bundle's redaction: a running mik whose environment and config hold a canary API key, a
/// canary database password and a canary Loki URL password, with the API key also in its log file (a line an older mik
/// wrote: today's masks it). The bundle
/// holds every evidence file, verifies, and no canary appears in any byte of it or of what the commands printed.
/// </summary>
public sealed class DiagBundleCanaryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The evidence files of docs/diagnostics.md that a running mik with a log file and PostgreSQL gives.</summary>
    private static readonly string[] Expected =
    [
        "manifest.json", "doctor.json", "service.json", "health.json", "metrics/start.prom", "metrics/end.prom", "system.json",
        "config/effective.json", "config/mik.toml", "config/problems.json", "config/source.json", "modules.json",
        "audit/events.jsonl", "circuits.json", "instances.json", "event_store.json",
    ];

    [Fact]
    public async Task No_canary_reaches_the_bundle_or_the_output_and_inspect_verifies_it()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (apiKey, dbPassword, lokiPassword) = ($"canary-apikey-{tag}", $"canary-dbpw-{tag}", $"canary-loki-{tag}");
        using var sandbox = new MikSandbox(
            $"""
            [logging]
            file = "logs/mik.log"
            loki_url = "http://loki-user:{lokiPassword}@127.0.0.1:{Ports.Free()}"
            """,
            databaseUrl: WithPassword(MikSandbox.TestDatabaseUrl, dbPassword));
        sandbox.Environment["MIK_API_KEY"] = apiKey;
        sandbox.AddModule("hello");
        var env = new Dictionary<string, string> { ["MIK_API_KEY"] = apiKey };
        // Today's log file as a mik from before the masking left it, with the key in a path; mik appends to it.
        Directory.CreateDirectory(Path.Combine(sandbox.Directory, "logs"));
        await File.WriteAllTextAsync(Path.Combine(sandbox.Directory, "logs", $"mik{DateTime.Now:yyyyMMdd}.log"),
            $$"""{"timestamp":"{{DateTime.UtcNow:O}}","level":"INFO","target":"mik::request","message":"request_completed","method":"GET","path":"/run/hello/{{apiKey}}","status":200}""" + "\n", Ct);
        await using (var mik = MikProcess.Start(sandbox))
        {
            await mik.WaitReadyAsync();
            await mik.WaitEventStoreAsync();
            // The key in a request path: mik masks it where it logs the path (docs/reliability.md, Secret canaries)...
            using (var _ = await mik.Runtime.GetAsync($"/run/hello/{apiKey}", Ct)) { }
            using (var _ = await mik.Runtime.GetAsync("/run/hello/", Ct)) { }
            await LogLines.WaitAsync(mik, lines => lines.Any(l => l.Is("message", "request_completed") && l.GetRawText().Contains("/run/hello/[redacted]", StringComparison.Ordinal)), "request_completed with the masked path");
            // ...but the line an older mik wrote before it (above) still holds it: only the scan can take it out.

            var bundle = await DiagRun.RunAsync(sandbox.Directory, env, "diag", "bundle", "--config", sandbox.ConfigPath, "--output", sandbox.Directory, "--since", "10m");
            var archive = DiagRun.ArchiveOf(bundle);
            var inspect = await DiagRun.RunAsync(sandbox.Directory, env, "diag", "inspect", archive, "--json", "false");
            var timeline = await DiagRun.RunAsync(sandbox.Directory, env, "diag", "inspect", archive, "--timeline", "--json", "false");

            Assert.True(inspect.ExitCode == 0, inspect.Stderr);
            Assert.Equal(0, timeline.ExitCode);
            var raw = DiagRun.Decompressed(archive);
            foreach (var canary in new[] { apiKey, dbPassword, lokiPassword, tag })
            {
                Assert.False(DiagRun.Holds(raw, canary), $"{canary} is in the bundle");
                foreach (var printed in new[] { bundle.Stdout, bundle.Stderr, inspect.Stdout, inspect.Stderr, timeline.Stdout, timeline.Stderr })
                    Assert.DoesNotContain(canary, printed, StringComparison.OrdinalIgnoreCase);
            }
            var paths = DiagRun.Entries(archive).Select(e => e.Path).ToList();
            Assert.All(Expected, file => Assert.Contains(file, paths));
            Assert.Contains(paths, p => p.StartsWith("logs/", StringComparison.Ordinal));
            var redactions = DiagRun.Manifest(archive).GetProperty("redactions").EnumerateArray()
                .Select(r => (File: r.GetProperty("file").GetString()!, Kind: r.GetProperty("kind").GetString()!)).ToList();
            Assert.Contains(redactions, r => r.File.StartsWith("logs/", StringComparison.Ordinal) && r.Kind == "api_key");
        }
    }

    /// <summary>The test server's URL with a password: it trusts loopback, so any password connects, and mik must still hide it.</summary>
    private static string WithPassword(string connection, string password)
    {
        if (connection.StartsWith("postgres", StringComparison.Ordinal))
        {
            var url = new UriBuilder(connection) { Password = Uri.EscapeDataString(password) };
            if (url.UserName.Length == 0) url.UserName = "postgres";
            return url.Uri.AbsoluteUri;
        }
        var builder = new NpgsqlConnectionStringBuilder(connection);
        return $"postgres://{Uri.EscapeDataString(builder.Username ?? "postgres")}:{Uri.EscapeDataString(password)}@{builder.Host}:{builder.Port}/{Uri.EscapeDataString(builder.Database ?? "postgres")}";
    }
}
