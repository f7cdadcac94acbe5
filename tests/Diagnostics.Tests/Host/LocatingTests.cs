using Microsoft.Extensions.Time.Testing;
using Mik.Durable.Diagnostics.Host.Collectors;
using Mik.Durable.Diagnostics.Host.Proc;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Tests.Host;

/// <summary>Finding this config's mik by its lock, the owners of sockets, and matching them to the configured listeners.</summary>
public sealed class LocatingTests
{
    private static MikConfig Config(string stateDir) => new() { State = { Dir = stateDir } };

    [Fact]
    public void This_configs_mik_is_the_process_holding_the_lock_file_not_the_pid_written_in_it()
    {
        using var proc = new FakeProc();
        var state = Path.Combine(proc.Root, "state");
        Directory.CreateDirectory(state);
        var lockFile = Path.Combine(state, "mik.lock");
        File.WriteAllText(lockFile, "111\n");
        proc.Process(111, "mik", "/other/state/mik.lock")
            .Process(222, "mik", "socket:[9]", lockFile)
            .WriteFile("locks", "1: FLOCK  ADVISORY  WRITE 111 fe:00:1 0 EOF\n2: FLOCK  ADVISORY  WRITE 222 fe:00:2 0 EOF\n");

        var server = MikServer.Find(Config(state), proc.Root);

        Assert.Equal(222, server.Pid);
        Assert.Equal($"pid 222 holds the lock on {lockFile}", server.Reason);
    }

    [Fact]
    public void No_lock_file_or_no_holder_is_not_running_with_the_reason()
    {
        using var proc = new FakeProc();
        var state = Path.Combine(proc.Root, "state");
        proc.WriteFile("locks", "1: FLOCK  ADVISORY  WRITE 111 fe:00:1 0 EOF\n").Process(111, "mik", "/other/state/mik.lock");

        var never = MikServer.Find(Config(state), proc.Root);
        Assert.Equal((false, $"no {state}/mik.lock: mik serve has not run with state.dir {state}"), (never.Running, never.Reason));

        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, "mik.lock"), "111\n");
        var stale = MikServer.Find(Config(state), proc.Root);
        Assert.False(stale.Running);
        Assert.Contains("no process holds the lock", stale.Reason);
    }

    [Fact]
    public void Socket_owners_are_found_through_fd_links_and_the_walk_stops_at_its_budget()
    {
        using var proc = new FakeProc();
        proc.Process(10, "mik", "socket:[500]").Process(20, "python3", "/dev/null", "socket:[600]");

        Assert.Equal(new Dictionary<long, int> { [500] = 10, [600] = 20 },
            SocketOwners.Find([500, 600], 10, TimeProvider.System, TimeSpan.FromMinutes(1), proc.Root));

        // Every reading of the clock moves it a second: the budget is spent after mik's own fds.
        var slow = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        Assert.Equal(new Dictionary<long, int> { [500] = 10 }, SocketOwners.Find([500, 600], 10, slow, TimeSpan.FromMilliseconds(500), proc.Root));
    }

    [Fact]
    public void Listeners_are_matched_on_port_and_colliding_address_preferring_the_socket_mik_owns()
    {
        TcpSocket[] sockets =
        [
            new("10.0.0.5", 3000, true, 1), new("0.0.0.0", 3000, true, 2), new("127.0.0.1", 9919, true, 3),
            new("127.0.0.1", 9919, false, 4), new("10.0.0.6", 9000, true, 5),
        ];
        var owners = new Dictionary<long, int> { [1] = 99, [2] = 42, [3] = 77 };

        var result = ListenerProbe.Describe([("runtime", "0.0.0.0", 3000), ("admin", "127.0.0.1", 9919), ("other", "10.0.0.5", 9000)],
            sockets, 42, _ => owners, pid => pid == 42 ? "mik" : "squatter");

        Assert.Equal(("0.0.0.0", 42, "mik", true), (result[0].BoundAddress, result[0].OwnerPid, result[0].OwnerName, result[0].OwnedByMik));
        Assert.Equal(("127.0.0.1", 77, "squatter", false), (result[1].BoundAddress, result[1].OwnerPid, result[1].OwnerName, result[1].OwnedByMik));
        Assert.False(result[2].Listening, "a socket on another specific address does not stand in the way");
        Assert.True(ListenerProbe.Overlaps("127.0.0.1", "::"));
        Assert.True(ListenerProbe.Overlaps("localhost", "127.0.0.1"));
        Assert.False(ListenerProbe.Overlaps("127.0.0.1", "10.0.0.5"));
    }

    [Fact]
    public void Systemctl_show_output_is_read_as_properties()
    {
        var properties = SystemdProbe.Parse("LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=3008\n");

        Assert.Equal(("loaded", "active", "running", "3008"),
            (properties["LoadState"], properties["ActiveState"], properties["SubState"], properties["MainPID"]));
    }
}
