using System.Diagnostics;
using Mik.Durable.Runtime.Admission;

namespace Mik.Durable.Runtime.Tests.Admission;

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

    [Fact]
    public async Task A_run_whose_thread_only_waits_for_a_CPU_is_not_compensated_until_it_runs_or_blocks()
    {
        // The fake scheduler: the run's thread is runnable and gets no CPU time, then blocks.
        var blocked = false;
        ThreadSchedule? Schedule(int _) => new ThreadSchedule(1_000, Runnable: !Volatile.Read(ref blocked));
        using var compensator = new BlockedRunCompensator(new BlockedRunCompensatorOptions
        {
            Threshold = TimeSpan.FromMilliseconds(2), Period = TimeSpan.FromMilliseconds(1), MaxRuns = 2, ThreadSchedule = Schedule,
        });
        using (compensator.Enter())
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            Assert.Equal(0, compensator.Compensated);

            Volatile.Write(ref blocked, true);
            await Until(() => compensator.Compensated == 1);
        }
        await Until(() => compensator.Compensated == 0);
    }

    [Fact]
    public async Task A_run_whose_thread_keeps_running_is_compensated()
    {
        // The fake scheduler: the run's thread is always runnable and its CPU time grows with wall time.
        ThreadSchedule? Schedule(int _) => new ThreadSchedule((long)Stopwatch.GetElapsedTime(0).TotalNanoseconds, Runnable: true);
        using var compensator = new BlockedRunCompensator(new BlockedRunCompensatorOptions
        {
            Threshold = TimeSpan.FromMilliseconds(2), Period = TimeSpan.FromMilliseconds(1), MaxRuns = 2, ThreadSchedule = Schedule,
        });
        using (compensator.Enter()) await Until(() => compensator.Compensated == 1);
        await Until(() => compensator.Compensated == 0);
    }

    [Fact]
    public async Task Without_scheduler_figures_wall_time_alone_decides()
    {
        using var compensator = new BlockedRunCompensator(new BlockedRunCompensatorOptions
        {
            Threshold = TimeSpan.FromMilliseconds(1), Period = TimeSpan.FromMilliseconds(1), MaxRuns = 2, ThreadSchedule = _ => null,
        });
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
