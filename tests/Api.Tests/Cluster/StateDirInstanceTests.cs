using System.Text.RegularExpressions;
using Mik.Durable.Api.Cluster;

namespace Mik.Durable.Api.Tests.Cluster;

/// <summary>The state dir's lock and the instance id it keeps.</summary>
public sealed class StateDirInstanceTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "mik-state-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose()
    {
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public void A_second_holder_of_the_state_dir_is_refused_with_a_message_naming_the_dir()
    {
        using (var first = StateDirLock.Acquire(_stateDir))
        {
            var e = Assert.Throws<StateDirLockedException>(() => StateDirLock.Acquire(_stateDir));
            Assert.Contains(_stateDir, e.Message);
            Assert.Contains("another mik process", e.Message);
            Assert.Contains("[state] dir", e.Message);
        }
        // Released (as by the kernel when a process dies), the dir can be taken again; the file names the last holder.
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Combine(_stateDir, StateDirLock.FileName)).Trim());
        using var again = StateDirLock.Acquire(_stateDir);
    }

    [Fact]
    public void The_instance_id_is_created_once_per_state_dir_and_kept_across_restarts()
    {
        var first = InstanceIdentity.LoadOrCreate(_stateDir);
        var again = InstanceIdentity.LoadOrCreate(_stateDir);

        Assert.Equal(first, again);
        Assert.Matches(new Regex("^[a-z0-9-]+-[0-9a-f]{8}$"), first.Id);
        Assert.Equal(first.Id, File.ReadAllText(Path.Combine(_stateDir, InstanceIdentity.FileName)).Trim());

        using var other = new StateDirInstanceTests();
        Assert.NotEqual(first.Id, InstanceIdentity.LoadOrCreate(other._stateDir).Id);
    }

    [Fact]
    public void An_operator_may_name_the_instance_but_a_broken_id_file_stops_start_up()
    {
        Directory.CreateDirectory(_stateDir);
        var path = Path.Combine(_stateDir, InstanceIdentity.FileName);
        File.WriteAllText(path, "edge-1.eu\n");
        Assert.Equal("edge-1.eu", InstanceIdentity.LoadOrCreate(_stateDir).Id);

        File.WriteAllText(path, "not an id!");
        var e = Assert.Throws<IOException>(() => InstanceIdentity.LoadOrCreate(_stateDir));
        Assert.Contains(path, e.Message);
    }
}
