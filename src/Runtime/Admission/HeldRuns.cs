namespace Mik.Durable.Runtime.Admission;

/// <summary>
/// The compensator's judgement of each tracked run, kept by its watcher thread only. A run past the threshold
/// counts as holding its thread when the thread is blocked (not runnable), or has run on a CPU for a tenth of the
/// threshold since the watcher first saw the run. A fast run that was only preempted is neither: it waits for a
/// CPU, and once it gets one it ends. Once held, a run stays held until it ends.
/// </summary>
internal sealed class HeldRuns(int slots, long threshold, Func<int, ThreadSchedule?> schedule)
{
    private readonly long[] _run = new long[slots];
    private readonly long[] _cpu = new long[slots];
    private readonly bool[] _held = new bool[slots];
    private readonly long _enoughCpuNanoseconds = (long)(threshold / 10 * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    /// <param name="slot">The run's slot.</param>
    /// <param name="startedAt">The run's start timestamp, which also tells one run in a slot from the next.</param>
    /// <param name="osThreadId">The kernel id of the run's thread.</param>
    /// <param name="now">The look's timestamp.</param>
    public bool IsHeld(int slot, long startedAt, int osThreadId, long now)
    {
        var age = now - startedAt;
        if (_run[slot] != startedAt)
        {
            // First sight at half the threshold: the CPU time the run's thread is judged against from then on.
            if (age < threshold / 2) return false;
            _run[slot] = startedAt;
            _cpu[slot] = schedule(osThreadId)?.CpuNanoseconds ?? -1;
            _held[slot] = false;
        }
        if (_held[slot]) return true;
        if (age < threshold) return false;
        // Without the scheduler's figures, wall time alone decides.
        return _held[slot] = _cpu[slot] < 0 || schedule(osThreadId) is not { } now2
            || !now2.Runnable || now2.CpuNanoseconds - _cpu[slot] >= _enoughCpuNanoseconds;
    }
}
