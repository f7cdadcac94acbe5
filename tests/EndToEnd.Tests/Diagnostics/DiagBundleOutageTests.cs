using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary>
/// The bundle is written whatever is down: mik stopped, PostgreSQL unreachable, or mik frozen (SIGSTOP: its sockets
/// still accept, nothing answers) so that its HTTP collectors hang and are cut at their own timeouts.
/// </summary>
public sealed class DiagBundleOutageTests
{
    private const int Sigstop = 19;
    private const int Sigcont = 18;

    [Fact]
    public async Task With_mik_stopped_the_bundle_is_written_and_what_needed_the_live_server_is_skipped_with_why()
    {
        using var sandbox = new MikSandbox();

        var result = await DiagRun.RunAsync(sandbox.Directory, null, "diag", "bundle", "--config", sandbox.ConfigPath, "--output", sandbox.Directory);

        var manifest = DiagRun.Manifest(DiagRun.ArchiveOf(result));
        foreach (var name in new[] { "health", "metrics", "circuits" })
        {
            var collector = DiagRun.Collector(manifest, name);
            Assert.Equal(("skipped", true), (DiagRun.Status(collector), DiagRun.Reason(collector).Length > 0));
        }
        Assert.Equal("ok", DiagRun.Status(DiagRun.Collector(manifest, "config")));
        Assert.Equal("ok", DiagRun.Status(DiagRun.Collector(manifest, "service")));
    }

    [Fact]
    public async Task With_postgresql_unreachable_the_bundle_is_written_and_the_audit_collector_says_why_it_has_nothing()
    {
        using var sandbox = new MikSandbox(databaseUrl: $"Host=127.0.0.1;Port={Ports.Free()};Username=postgres;Database=postgres;Timeout=3");

        var result = await DiagRun.RunAsync(sandbox.Directory, null, "diag", "bundle", "--config", sandbox.ConfigPath, "--output", sandbox.Directory);

        var archive = DiagRun.ArchiveOf(result);
        var audit = DiagRun.Collector(DiagRun.Manifest(archive), "audit");
        Assert.Contains(DiagRun.Status(audit), new[] { "failed", "skipped" });
        Assert.NotEqual("", DiagRun.Reason(audit));
        var store = DiagRun.Entries(archive).Single(e => e.Path == "event_store.json");
        using var json = System.Text.Json.JsonDocument.Parse(store.Content);
        Assert.False(json.RootElement.GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task A_frozen_mik_makes_the_http_collectors_time_out_and_the_bundle_is_still_written()
    {
        using var sandbox = new MikSandbox();
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        mik.Signal(Sigstop);
        CliResult result;
        try
        {
            result = await DiagRun.RunAsync(sandbox.Directory, null, "diag", "bundle", "--config", sandbox.ConfigPath, "--output", sandbox.Directory);
        }
        finally
        {
            mik.Signal(Sigcont);
        }

        var archive = DiagRun.ArchiveOf(result);
        var manifest = DiagRun.Manifest(archive);
        var paths = DiagRun.Entries(archive).Select(e => e.Path).ToList();
        foreach (var name in new[] { "health", "metrics" })
        {
            Assert.Equal("timeout", DiagRun.Status(DiagRun.Collector(manifest, name)));
            Assert.Contains($"{name}.err.txt", paths);
        }
        Assert.Contains("system.json", paths);
    }
}
