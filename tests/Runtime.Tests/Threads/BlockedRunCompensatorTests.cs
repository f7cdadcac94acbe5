using Mik.Durable.Runtime.Threads;

namespace Mik.Durable.Runtime.Tests.Threads;

public sealed class BlockedRunCompensatorTests
{
    [Fact]
    public async Task A_run_holding_its_thread_past_the_threshold_raises_the_pool_minimum_until_it_ends()
    {
        ThreadPool.GetMinThreads(out var before, out _);
        using (var compensator = new BlockedRunCompensator(new BlockedRunCompensatorOptions
               {
                   Threshold = TimeSpan.FromMilliseconds(1), Period = TimeSpan.FromMilliseconds(1), MaxRuns = 4,
               }))
        {
            var fast = compensator.Enter();
            fast.Dispose();
            var slow = compensator.Enter();
            await Until(() => compensator.Compensated == 1);
            ThreadPool.GetMinThreads(out var raised, out _);
            Assert.Equal(before + 1, raised);

            slow.Dispose();
            await Until(() => compensator.Compensated == 0);
            ThreadPool.GetMinThreads(out var lowered, out _);
            Assert.Equal(before, lowered);
        }
        ThreadPool.GetMinThreads(out var after, out _);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Runs_beyond_the_tracked_number_are_left_alone_and_freed_slots_are_reused()
    {
        using var compensator = new BlockedRunCompensator(new BlockedRunCompensatorOptions
        {
            Threshold = TimeSpan.FromMilliseconds(1), Period = TimeSpan.FromMilliseconds(1), MaxRuns = 1,
        });
        var first = compensator.Enter();
        compensator.Enter().Dispose();
        await Until(() => compensator.Compensated == 1);
        first.Dispose();
        await Until(() => compensator.Compensated == 0);

        using (compensator.Enter()) await Until(() => compensator.Compensated == 1);
        await Until(() => compensator.Compensated == 0);
    }

    // Waits for the watcher thread without asserting how long it takes.
    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 2000 && !condition(); i++) await Task.Delay(5, TestContext.Current.CancellationToken);
        Assert.True(condition());
    }
}
