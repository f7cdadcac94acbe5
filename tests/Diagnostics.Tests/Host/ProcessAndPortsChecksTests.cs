using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Host.HostChecks;
using Mik.Durable.Diagnostics.Host.Model;
using static Mik.Durable.Diagnostics.Tests.Host.HostEvidenceBuilder;

namespace Mik.Durable.Diagnostics.Tests.Host;

public sealed class ProcessAndPortsChecksTests
{
    private static Mik.Durable.Diagnostics.Evidence With(ServiceEvidence service) => new HostEvidenceBuilder().Service(service).Build();

    [Fact]
    public void Process_running_is_ok_with_the_pid_and_fails_naming_the_start_command_when_stopped()
    {
        var ok = Assert.Single(new ProcessRunningCheck().Run(With(Running())));
        Assert.Equal(Verdict.Ok, ok.Verdict);
        Assert.Equal("mik serve is running (pid 4242, up 10 min 0 s)", ok.Reason);
        Assert.Contains(ok.Evidence, l => l.Contains("mik serve --config /etc/mik/mik.toml"));

        var stopped = Assert.Single(new ProcessRunningCheck().Run(With(Stopped())));
        Assert.Equal(Verdict.Fail, stopped.Verdict);
        Assert.Contains("no process holds the lock", stopped.Reason);
        Assert.Equal("Process not running: start it, mik serve --config /etc/mik/mik.toml (its last log lines say why it stopped)", stopped.Resolution);

        var underSystemd = Assert.Single(new ProcessRunningCheck().Run(With(Stopped() with { Systemd = new SystemdEvidence("mik.service", "failed", "failed", null) })));
        Assert.StartsWith("Process not running: systemctl start mik", underSystemd.Resolution);
        Assert.Contains("systemd: mik.service failed (failed)", underSystemd.Evidence);
    }

    [Fact]
    public void Every_host_check_skips_naming_the_collector_when_its_file_is_missing()
    {
        var evidence = new HostEvidenceBuilder()
            .Collector("service", CollectorStatus.TimedOut, "did not finish within 5 s")
            .Collector("health", CollectorStatus.Skipped, "mik is not running: no process holds the lock")
            .Build();

        var process = Assert.Single(new ProcessRunningCheck().Run(evidence));
        Assert.Equal((Verdict.Skip, "no service.json (the service collector was timeout: did not finish within 5 s)"), (process.Verdict, process.Reason));
        var health = Assert.Single(new HealthCheck().Run(evidence));
        Assert.Equal((Verdict.Skip, "no health.json (the health collector was skipped: mik is not running: no process holds the lock)"), (health.Verdict, health.Reason));
        var circuits = Assert.Single(new CircuitsOpenCheck().Run(evidence));
        Assert.Equal((Verdict.Skip, "no metrics/end.prom (the metrics collector did not run)"), (circuits.Verdict, circuits.Reason));
    }

    [Fact]
    public void Ports_listening_gives_one_result_per_listener_ok_when_mik_owns_it()
    {
        var results = new PortsListeningCheck().Run(With(Running())).ToList();

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(Verdict.Ok, r.Verdict));
        Assert.Contains("runtime 0.0.0.0:3000", results[0].Reason);
        Assert.Equal("runtime listener: configured 0.0.0.0:3000; LISTEN 0.0.0.0:3000 owned by pid 4242 (mik)", results[0].Evidence[0]);
    }

    [Fact]
    public void Ports_listening_fails_when_mik_is_stopped_when_nothing_listens_and_when_a_stranger_holds_the_port()
    {
        Assert.All(new PortsListeningCheck().Run(With(Stopped())), r =>
        {
            Assert.Equal(Verdict.Fail, r.Verdict);
            Assert.StartsWith("Process not running", r.Resolution);
        });

        var deaf = new PortsListeningCheck().Run(With(Running(Listener("runtime", "0.0.0.0", 3000, listening: false)))).Single();
        Assert.Equal(Verdict.Fail, deaf.Verdict);
        Assert.Contains("nothing listens on port 3000", deaf.Reason);

        var stranger = Running(Listener("runtime", "0.0.0.0", 3000, owner: 999, ownerName: "nginx", ownedByMik: false));
        var taken = new PortsListeningCheck().Run(With(stranger)).Single();
        Assert.Equal(Verdict.Fail, taken.Verdict);
        Assert.Contains("held by pid 999 (nginx)", taken.Reason);
        Assert.Contains("sport = :3000", taken.Resolution);
    }

    [Fact]
    public void Ports_conflict_is_ok_when_only_mik_listens_and_fails_naming_the_other_process_and_the_fix()
    {
        Assert.Equal(Verdict.Ok, new PortsConflictCheck().Run(With(Running())).Single().Verdict);
        Assert.Equal(Verdict.Ok, new PortsConflictCheck().Run(With(Stopped())).Single().Verdict);

        var taken = Stopped(Listener("runtime", "127.0.0.1", 3000, bound: "0.0.0.0", owner: 999, ownerName: "python3", ownedByMik: false),
            Listener("admin", "127.0.0.1", 9919, listening: false));
        var conflict = new PortsConflictCheck().Run(With(taken)).Single();
        Assert.Equal(Verdict.Fail, conflict.Verdict);
        Assert.Equal("runtime port 3000 (127.0.0.1:3000) is held by pid 999 (python3), not by mik: mik serve cannot bind it", conflict.Reason);
        Assert.Contains("runtime listener: configured 127.0.0.1:3000; LISTEN 0.0.0.0:3000 owned by pid 999 (python3)", conflict.Evidence);
        Assert.Equal("Wrong port: another process holds port 3000 (ss -tlnp 'sport = :3000' names it): stop it, or set another port in mik.toml " +
            "([server] port or env PORT, [admin] port), then start mik", conflict.Resolution);

        var unseen = Stopped(Listener("runtime", "0.0.0.0", 3000, owner: null, ownerName: null, ownedByMik: false));
        Assert.Equal(Verdict.Warn, new PortsConflictCheck().Run(With(unseen)).Single().Verdict);
    }

    [Fact]
    public void Bind_address_warns_for_a_loopback_runtime_listener_with_the_runbooks_HOST_fix()
    {
        var results = new PortsBindAddressCheck().Run(With(Running())).ToList();
        Assert.All(results, r => Assert.Equal(Verdict.Ok, r.Verdict));

        var local = Running(Listener("runtime", "127.0.0.1", 3000), Listener("admin", "127.0.0.1", 9919));
        var runtime = new PortsBindAddressCheck().Run(With(local)).First();
        Assert.Equal(Verdict.Warn, runtime.Verdict);
        Assert.Equal("runtime listener bound to 127.0.0.1: reachable from this machine only", runtime.Reason);
        Assert.StartsWith("Bound to 127.0.0.1: set HOST=0.0.0.0", runtime.Resolution);
    }

    [Fact]
    public void Admin_key_fails_for_a_non_loopback_admin_listener_without_a_key_and_never_prints_the_key()
    {
        Assert.Equal(Verdict.Ok, new AdminKeyCheck().Run(With(Stopped())).Single().Verdict);

        var exposed = Stopped(Listener("runtime", "0.0.0.0", 3000, listening: false), Listener("admin", "0.0.0.0", 9919, listening: false));
        var fail = new AdminKeyCheck().Run(With(exposed)).Single();
        Assert.Equal(Verdict.Fail, fail.Verdict);
        Assert.Contains("MIK_API_KEY is not set: mik serve refuses to start", fail.Reason);
        Assert.StartsWith("Key not set: set MIK_API_KEY", fail.Resolution);

        var withKey = new AdminKeyCheck().Run(With(exposed with { ApiKeyInEnvironment = true })).Single();
        Assert.Equal(Verdict.Ok, withKey.Verdict);
        Assert.Contains("MIK_API_KEY is set ([redacted]) in the environment of mik doctor", withKey.Evidence);

        // A running mik bound there has a key: serve starts on a non-loopback admin address only with one.
        var serving = Running(Listener("runtime", "0.0.0.0", 3000), Listener("admin", "0.0.0.0", 9919));
        Assert.Equal(Verdict.Ok, new AdminKeyCheck().Run(With(serving)).Single().Verdict);
    }
}
