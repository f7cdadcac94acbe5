using System.Diagnostics;

namespace Mik.Durable.Runtime.Admission;

/// <summary>
/// Guests run synchronously on thread-pool threads. A fixed floor of one pool thread per admitted run keeps
/// refusals immediate but makes the pool run dozens of threads for fast guests, which cost throughput (measured);
/// with no floor a few slow guests starve the pool, and 503s and <c>/health</c> wait seconds behind them. So the
/// floor follows the guests instead: each run that has held its thread past <see cref="BlockedRunCompensatorOptions.Threshold"/>
/// raises the pool's minimum by one until it ends, and the pool starts a replacement thread at once.
/// Dedicated execution threads fed by a queue ("lanes") were measured too: no less CPU per request than running on
/// the pool, and two thread hand-offs more.
/// </summary>
/// <remarks>
/// Wall time alone also counts a fast run whose thread was merely preempted: on a busy machine short runs passed
/// the threshold many times a second under bench/run.sh, each added a thread, and the extra threads made preemption
/// worse: the pool ran several times the threads it ran with no compensation, which also took less CPU per request.
/// So a run past the threshold counts only when the scheduler shows its thread blocked, or running for real
/// (<see cref="HeldRuns"/>): under the same load, rarely.
/// </remarks>
internal sealed class BlockedRunCompensator : IDisposable
{
    private readonly long[] _startedAt;
    private readonly int[] _threadIds;
    private readonly HeldRuns _held;
    private readonly long _threshold;
    private readonly TimeSpan _period;
    private readonly int _baseWorkers;
    private readonly int _ioThreads;
    private volatile bool _stopping;
    private readonly Thread _thread;
    private int _compensated;

    public BlockedRunCompensator(BlockedRunCompensatorOptions options)
    {
        _startedAt = new long[Math.Max(1, options.MaxRuns)];
        _threadIds = new int[_startedAt.Length];
        _threshold = (long)(options.Threshold.TotalSeconds * Stopwatch.Frequency);
        _held = new HeldRuns(_startedAt.Length, _threshold, options.ThreadSchedule);
        _period = options.Period;
        ThreadPool.GetMinThreads(out _baseWorkers, out _ioThreads);
        _thread = new Thread(Watch) { IsBackground = true, Name = "mik-blocked-runs" };
        _thread.Start();
    }

    /// <summary>Threads added to the pool's minimum right now, one per run past the threshold.</summary>
    public int Compensated => Volatile.Read(ref _compensated);

    /// <summary>Marks the calling thread as running a guest until the returned scope is disposed.</summary>
    public RunScope Enter()
    {
        var now = Stopwatch.GetTimestamp();
        var slots = _startedAt;
        var start = (int)((uint)Environment.CurrentManagedThreadId % (uint)slots.Length);
        for (var i = 0; i < slots.Length; i++)
        {
            var slot = start + i < slots.Length ? start + i : start + i - slots.Length;
            if (slots[slot] == 0 && Interlocked.CompareExchange(ref slots[slot], now, 0) == 0)
            {
                _threadIds[slot] = ThreadSchedule.CurrentThreadId;
                return new RunScope(this, slot);
            }
        }
        return new RunScope(null, -1);
    }

    internal void Exit(int slot) => Volatile.Write(ref _startedAt[slot], 0);

    private void Watch()
    {
        // A plain sleep: a timed wait on a wait handle cost several times more per wake-up, and this thread
        // wakes 200 times a second. Stopping waits out at most one period.
        while (!_stopping)
        {
            Thread.Sleep(_period);
            var now = Stopwatch.GetTimestamp();
            var blocked = 0;
            for (var i = 0; i < _startedAt.Length; i++)
            {
                var at = Volatile.Read(ref _startedAt[i]);
                if (at != 0 && _held.IsHeld(i, at, Volatile.Read(ref _threadIds[i]), now)) blocked++;
            }
            if (blocked == _compensated) continue;
            // Raising the minimum with work queued makes the pool add threads right away; lowering it lets the
            // extra threads retire as the pool sees fit.
            ThreadPool.SetMinThreads(_baseWorkers + blocked, _ioThreads);
            Volatile.Write(ref _compensated, blocked);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        ThreadPool.SetMinThreads(_baseWorkers, _ioThreads);
    }

    /// <summary>One tracked run; ends it when disposed.</summary>
    public readonly struct RunScope(BlockedRunCompensator? owner, int slot) : IDisposable
    {
        public void Dispose() => owner?.Exit(slot);
    }
}
