using System.Text;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Tests.Collecting;

public sealed class CollectorRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_collector_that_hangs_is_cut_at_its_own_timeout_and_the_others_keep_their_files()
    {
        var hang = new TaskCompletionSource();
        var collectors = new ICollector[]
        {
            new Fake("hangs", TimeSpan.FromMilliseconds(300), (_, ct) => hang.Task.WaitAsync(ct)),
            new Fake("works", TimeSpan.FromSeconds(60), (output, _) => { output.AddText("works.txt", "fine"); return Task.CompletedTask; }),
        };

        var evidence = await CollectorRunner.RunAsync(collectors, Context(), cancellationToken: Ct);

        Assert.Equal(CollectorStatus.TimedOut, evidence.Collector("hangs")!.Status);
        Assert.Contains("0.3 s", evidence.Text("hangs.err.txt"));
        Assert.Equal(CollectorStatus.Ok, evidence.Collector("works")!.Status);
        Assert.Equal("fine", evidence.Text("works.txt"));
    }

    [Fact]
    public async Task A_collector_that_throws_leaves_an_err_file_and_one_that_does_not_apply_is_skipped_with_its_reason()
    {
        var collectors = new ICollector[]
        {
            new Fake("broken", TimeSpan.FromSeconds(60), (output, _) =>
            {
                output.AddText("broken.json", "half");
                throw new IOException("disk went away");
            }),
            new Fake("systemd", TimeSpan.FromSeconds(60), (_, _) => throw new CollectorSkippedException("no systemd on this machine")),
        };

        var evidence = await CollectorRunner.RunAsync(collectors, Context(), cancellationToken: Ct);

        var broken = evidence.Collector("broken")!;
        Assert.Equal((CollectorStatus.Failed, "disk went away"), (broken.Status, broken.Reason));
        Assert.Equal("IOException: disk went away\n", evidence.Text("broken.err.txt"));
        Assert.False(evidence.Has("broken.json"), "a failed collector's half-written files were kept");
        var skipped = evidence.Collector("systemd")!;
        Assert.Equal((CollectorStatus.Skipped, "no systemd on this machine"), (skipped.Status, skipped.Reason));
    }

    [Fact]
    public async Task A_collector_that_blocks_its_thread_without_awaiting_does_not_hold_up_the_others()
    {
        using var release = new ManualResetEventSlim();
        var collectors = new ICollector[]
        {
            new Fake("blocks", TimeSpan.FromMilliseconds(300), (_, _) => { release.Wait(TimeSpan.FromSeconds(30)); return Task.CompletedTask; }),
            new Fake("works", TimeSpan.FromSeconds(60), (output, _) => { output.AddText("works.txt", "fine"); return Task.CompletedTask; }),
        };

        var evidence = await CollectorRunner.RunAsync(collectors, Context(), cancellationToken: Ct);
        release.Set();

        Assert.Equal(CollectorStatus.TimedOut, evidence.Collector("blocks")!.Status);
        Assert.Equal("fine", evidence.Text("works.txt"));
    }

    [Fact]
    public void A_bundle_path_that_climbs_out_or_is_absolute_is_refused()
    {
        var output = new CollectorOutput();
        Assert.Throws<ArgumentException>(() => output.AddText("../etc/passwd", "x"));
        Assert.Throws<ArgumentException>(() => output.AddText("/etc/passwd", "x"));
        Assert.Equal("x", Encoding.UTF8.GetString(Assert.Single(new[] { "a/b.txt" }.Select(p => { output.AddText(p, "x"); return output.Files[p]; }))));
    }

    private static CollectContext Context() => new()
    {
        Config = new LoadedConfig(new MikConfig(), null, []),
        RuntimeUrl = new Uri("http://127.0.0.1:1/"),
        AdminUrl = new Uri("http://127.0.0.1:2/"),
        Since = DateTimeOffset.UnixEpoch,
        Until = DateTimeOffset.UnixEpoch,
    };

    private sealed class Fake(string name, TimeSpan timeout, Func<CollectorOutput, CancellationToken, Task> collect) : ICollector
    {
        public string Name => name;
        public TimeSpan Timeout => timeout;
        public Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken) => collect(output, cancellationToken);
    }
}
