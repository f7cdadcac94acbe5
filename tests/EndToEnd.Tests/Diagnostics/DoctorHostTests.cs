using System.Net;
using System.Net.Sockets;
using Mik.Durable.EndToEnd.Tests.Support;
using static Mik.Durable.EndToEnd.Tests.Diagnostics.DoctorHostRun;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary>
/// <c>mik doctor</c>'s host checks on the published binary (docs/diagnostics.md, Checks): each runbook problem injected
/// for real (mik stopped, its port taken, the admin API exposed without a key, an open circuit) is found and named
/// with the runbook's fix; a healthy mik passes.
/// </summary>
public sealed class DoctorHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mik_not_running_fails_process_running_with_the_start_command_and_the_live_checks_say_why_they_skip()
    {
        using var sandbox = new MikSandbox();

        var run = await RunAsync(sandbox, "process.running", "health", "circuits.open", "ports.listening");

        Assert.Equal(1, run.ExitCode);
        var process = run.One("process.running");
        Assert.Equal("fail", Verdict(process));
        Assert.Contains("mik is not running for this config", Reason(process));
        Assert.Equal($"Process not running: start it, mik serve --config {sandbox.ConfigPath} (its last log lines say why it stopped)", Resolution(process));
        foreach (var id in new[] { "health", "circuits.open" })
        {
            Assert.Equal("skip", Verdict(run.One(id)));
            Assert.Contains("collector was skipped: mik is not running", Reason(run.One(id)));
        }
        Assert.All(run.Of("ports.listening"), l => Assert.Equal("fail", Verdict(l)));
    }

    [Fact]
    public async Task The_server_port_held_by_another_process_is_a_conflict_naming_that_process_and_the_fix()
    {
        using var sandbox = new MikSandbox();
        using var squatter = new TcpListener(IPAddress.Loopback, sandbox.Port);
        squatter.Start();

        var run = await RunAsync(sandbox, "ports.conflict", "ports.listening");

        Assert.Equal(1, run.ExitCode);
        var conflict = run.One("ports.conflict");
        Assert.Equal("fail", Verdict(conflict));
        Assert.StartsWith($"runtime port {sandbox.Port} (127.0.0.1:{sandbox.Port}) is held by pid {Environment.ProcessId} (", Reason(conflict));
        Assert.EndsWith("not by mik: mik serve cannot bind it", Reason(conflict));
        Assert.Contains(Evidence(conflict), l => l.StartsWith($"runtime listener: configured 127.0.0.1:{sandbox.Port}; LISTEN 127.0.0.1:{sandbox.Port} owned by pid {Environment.ProcessId}", StringComparison.Ordinal));
        Assert.StartsWith($"Wrong port: another process holds port {sandbox.Port}", Resolution(conflict));
    }

    [Fact]
    public async Task A_mik_serving_another_config_on_the_same_port_is_not_taken_for_this_configs_mik()
    {
        using var other = new MikSandbox();
        other.AddModule("hello");
        await using var mik = MikProcess.Start(other);
        await mik.WaitReadyAsync();
        using var sandbox = new MikSandbox();
        File.WriteAllText(sandbox.ConfigPath, File.ReadAllText(sandbox.ConfigPath).Replace($"port = {sandbox.Port}\n", $"port = {other.Port}\n", StringComparison.Ordinal));
        // A lock file left by an earlier run of this config, naming a pid that is now the other mik: the pid in the
        // file is a hint for the operator; only the process holding the lock is this config's mik.
        Directory.CreateDirectory(sandbox.StateDirectory);
        File.WriteAllText(Path.Combine(sandbox.StateDirectory, "mik.lock"), $"{mik.Pid}\n");

        var run = await RunAsync(sandbox, "process.running", "ports.conflict", "health");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("fail", Verdict(run.One("process.running")));
        Assert.Contains("no process holds the lock on " + Path.Combine(sandbox.StateDirectory, "mik.lock"), Reason(run.One("process.running")));
        var conflict = run.One("ports.conflict");
        Assert.Equal("fail", Verdict(conflict));
        Assert.StartsWith($"runtime port {other.Port} (127.0.0.1:{other.Port}) is held by pid {mik.Pid} (mik), not by mik", Reason(conflict));
        // The other config's mik answers on that port, but its health is not this config's.
        Assert.Equal("skip", Verdict(run.One("health")));
    }

    [Fact]
    public async Task The_admin_listener_on_all_addresses_without_MIK_API_KEY_fails_admin_key_and_the_doctor_still_runs()
    {
        using var sandbox = new MikSandbox(adminToml: "host = \"0.0.0.0\"\n");

        var run = await RunAsync(sandbox, "admin.key", "ports.bind_address");

        Assert.Equal(1, run.ExitCode);
        var key = run.One("admin.key");
        Assert.Equal("fail", Verdict(key));
        Assert.Equal("admin listener configured for 0.0.0.0 (not loopback) and MIK_API_KEY is not set: mik serve refuses to start", Reason(key));
        Assert.Contains("[admin] host = 0.0.0.0, port = " + sandbox.AdminPort, Evidence(key));
        Assert.StartsWith("Key not set: set MIK_API_KEY in the service's environment", Resolution(key));
        Assert.Contains(run.Of("ports.bind_address"), b => Reason(b).StartsWith("admin listener configured for 0.0.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_open_circuit_fails_circuits_open_naming_the_module_its_metric_line_and_the_fix()
    {
        // A recovery time far beyond the test, so the circuit is still open when the doctor samples the metrics.
        using var sandbox = new MikSandbox("[breaker]\nrecovery_timeout_secs = 3600");
        sandbox.AddModule("trap", "flaky");
        sandbox.AddModule("hello");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        for (var i = 0; i < 5; i++)
        {
            using var failing = await mik.Runtime.GetAsync("/run/flaky/", Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        }
        using (var open = await mik.Runtime.GetAsync("/run/flaky/", Ct))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, open.StatusCode);

        var run = await RunAsync(sandbox, "circuits.open");

        Assert.Equal(1, run.ExitCode);
        var circuits = run.One("circuits.open");
        Assert.Equal("fail", Verdict(circuits));
        Assert.StartsWith("circuit open for flaky", Reason(circuits));
        Assert.Equal(["mik_circuit_breaker_state{module=\"flaky\"} 1"], Evidence(circuits));
        Assert.Contains("fix the root cause, then wait for recovery", Resolution(circuits));
        Assert.Contains("/run/flaky/", Resolution(circuits));
    }

    [Fact]
    public async Task A_healthy_running_mik_passes_every_host_check_but_the_loopback_runtime_bind_address_warning()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("hello");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        await mik.WaitEventStoreAsync();
        Assert.Equal("Hello from mik\n", await mik.Runtime.GetStringAsync("/run/hello", Ct));

        var run = await RunAsync(sandbox, HostChecks);

        Assert.True(run.ExitCode == 0, run.Stdout);
        Assert.Equal(HostChecks.Order(StringComparer.Ordinal), run.Checks.Select(c => c.GetProperty("id").GetString()!).Distinct().Order(StringComparer.Ordinal));
        // The sandbox binds the runtime listener to 127.0.0.1: the runbook's "Bound to 127.0.0.1" warning, rightly.
        var bindRuntime = run.Of("ports.bind_address")[0];
        Assert.Equal(("warn", "runtime listener bound to 127.0.0.1: reachable from this machine only"), (Verdict(bindRuntime), Reason(bindRuntime)));
        Assert.All(run.Checks.Where(c => c.ToString() != bindRuntime.ToString()), c => Assert.True(Verdict(c) == "ok", c.ToString()));
        var process = run.One("process.running");
        Assert.StartsWith($"mik serve is running (pid {mik.Pid}", Reason(process));
        Assert.Equal(2, run.Of("ports.listening").Count);
    }
}
