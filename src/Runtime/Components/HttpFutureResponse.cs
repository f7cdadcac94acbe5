namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A <c>future-incoming-response</c> resource: the outgoing call running on the thread pool. It always ends, with a
/// response or an <c>error-code</c>, by the request's deadline at the latest (<see cref="OutgoingCall"/>).
/// </summary>
internal sealed class HttpFutureResponse(Task<OutgoingOutcome> call)
{
    public Task<OutgoingOutcome> Call { get; } = call;

    /// <summary>Whether <c>get</c> already handed the outcome over (a second <c>get</c> is the interface's error).</summary>
    public bool Taken { get; set; }
}
