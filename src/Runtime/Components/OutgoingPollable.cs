namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The <c>pollable</c> of an outgoing call (<c>future-incoming-response.subscribe</c>): ready when the call has
/// ended. Blocking on it never lasts past the handler's deadline and <see cref="Grace"/>: Wasmtime's epoch cannot
/// interrupt a host call, so the wait must end on its own.
/// </summary>
internal sealed class OutgoingPollable(Task call) : HttpPollable
{
    /// <summary>
    /// How long past the handler's deadline a wait may last: every call ends by then on its own timer (with
    /// <c>connection-timeout</c> or <c>connection-read-timeout</c>), and this lets that ending reach the guest.
    /// </summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    public Task Call { get; } = call;

    public override bool IsReady(HttpRequestState state) => Call.IsCompleted;

    public override void Block(HttpRequestState state) => WaitAny([this], state);

    /// <summary>Waits for the first of the calls, at most what is left of the handler's time (and the grace).</summary>
    public static void WaitAny(OutgoingPollable[] calls, HttpRequestState state) =>
        Task.WaitAny([.. calls.Select(c => c.Call)], state.Outbound is { } outbound ? outbound.Remaining + Grace : TimeSpan.Zero);
}
