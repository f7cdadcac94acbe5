namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A <c>pollable</c> of <c>wasi:clocks/monotonic-clock</c>, ready at a <see cref="TimeProvider"/> timestamp.
/// **Decision** (docs/components.md): blocking on it blocks the request's thread until then, but never past the
/// request's deadline: a wait that reaches it ends the guest's call as a timeout.
/// </summary>
internal sealed class ClockPollable(long readyAt) : HttpPollable
{
    public long ReadyAt { get; } = readyAt;

    public override bool IsReady(HttpRequestState state) => state.Time.GetTimestamp() >= ReadyAt;

    public override void Block(HttpRequestState state)
    {
        var time = state.Time;
        var until = Math.Min(ReadyAt, state.DeadlineTimestamp);
        // A timer may fire a little early (rounding to its tick): wait again for the rest.
        for (var wait = until - time.GetTimestamp(); wait > 0; wait = until - time.GetTimestamp())
        {
            using var woken = new ManualResetEventSlim();
            using var timer = time.CreateTimer(static w => ((ManualResetEventSlim)w!).Set(), woken,
                TimeSpan.FromSeconds((double)wait / time.TimestampFrequency), Timeout.InfiniteTimeSpan);
            woken.Wait();
        }
        if (ReadyAt > state.DeadlineTimestamp)
        {
            state.WaitedPastDeadline = true;
            throw new InvalidOperationException("a clock wait reached the request's deadline");
        }
    }
}
