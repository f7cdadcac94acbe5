using Mik.Durable.Api.Cluster.Convergence;

namespace Mik.Durable.Api.Tests.Cluster.Convergence;

/// <summary><c>&lt;state_dir&gt;/convergence.json</c>: survives a restart, and a damaged one only costs a fresh start.</summary>
public sealed class ConvergenceStateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-convergence-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void What_was_read_and_reported_is_there_after_a_restart()
    {
        var (state, unreadable) = ConvergenceStateFile.Load(_dir);
        Assert.Null(unreadable);
        state.Streams["hello"] = new StreamDesire(3, new string('a', 64));
        state.Streams["gone"] = new StreamDesire(2, StreamDesire.Removed);
        state.Reported["hello"] = new string('a', 64);
        state.Save();

        var (again, _) = ConvergenceStateFile.Load(_dir);

        Assert.Equal(state.Streams, again.Streams);
        Assert.Equal(state.Reported, again.Reported);
        Assert.False(File.Exists(Path.Combine(_dir, ConvergenceStateFile.FileName + ".tmp")));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"streams\":null}")]
    [InlineData("{\"streams\":{\"x\":{\"version\":1}}}")]
    public void A_damaged_file_is_a_fresh_start_with_the_reason(string content)
    {
        File.WriteAllText(Path.Combine(_dir, ConvergenceStateFile.FileName), content);

        var (state, unreadable) = ConvergenceStateFile.Load(_dir);

        Assert.NotNull(unreadable);
        Assert.Empty(state.Streams);
        Assert.Empty(state.Reported);
    }
}
