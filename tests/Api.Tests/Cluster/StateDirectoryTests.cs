using Mik.Durable.Api.Cluster;

namespace Mik.Durable.Api.Tests.Cluster;

/// <summary>How mik makes its state dir: what it creates, what it leaves alone, and what it says when it cannot.</summary>
public sealed class StateDirectoryTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _root = Directory.CreateTempSubdirectory("mik-statedir-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Folders_mik_creates_are_0711_and_a_folder_that_exists_keeps_its_mode()
    {
        File.SetUnixFileMode(_root, Private);
        var stateDir = Path.Combine(_root, "a", "state");

        StateDirectory.Prepare(stateDir);

        var created = Private | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        Assert.Equal(created, File.GetUnixFileMode(Path.Combine(_root, "a")));
        Assert.Equal(created, File.GetUnixFileMode(stateDir));
        Assert.Equal(Private, File.GetUnixFileMode(_root));
        Assert.Empty(Directory.GetFileSystemEntries(stateDir));
    }

    [Fact]
    public void A_file_in_the_way_is_named_as_state_dir()
    {
        var file = Path.Combine(_root, "state");
        File.WriteAllText(file, "");
        var below = Path.Combine(file, "deeper");

        var e = Assert.Throws<StateDirException>(() => StateDirectory.Prepare(file));
        Assert.StartsWith($"state.dir = \"{file}\": it is a file, not a folder", e.Message);
        var deeper = Assert.Throws<StateDirException>(() => StateDirectory.Prepare(below));
        Assert.StartsWith($"state.dir = \"{below}\": {file} is a file, not a folder", deeper.Message);
    }
}
