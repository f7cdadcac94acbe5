namespace Mik.Durable.Runtime.Admission;

/// <summary>When a guest run counts as blocking its thread, and how often that is checked.</summary>
internal sealed class BlockedRunCompensatorOptions
{
    /// <summary>
    /// A run holding its thread longer than this gets a replacement thread-pool thread. Default 10 ms: far beyond
    /// a typical handler (tens of µs), short enough that refusals and probes never wait behind slow guests.
    /// </summary>
    public TimeSpan Threshold { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How often running guests are looked at. Default 5 ms, so a slow run is compensated within 15 ms; each look
    /// is a thread wake-up (a 2 ms period cost about 1 % of the CPU under load).
    /// </summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Runs tracked at once; runs beyond it are not compensated. Default 64 (<c>max_concurrent_requests</c>).</summary>
    public int MaxRuns { get; init; } = 64;

    /// <summary>The scheduler's figures for a thread by kernel id (null when unknown). Replaced by tests.</summary>
    internal Func<int, ThreadSchedule?> ThreadSchedule { get; init; } = Admission.ThreadSchedule.Read;
}
