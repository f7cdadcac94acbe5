namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A <c>pollable</c>. What a request's streams wait on is in memory, so a stream's pollable is ready at once; a
/// clock's is not (<see cref="ClockPollable"/>).
/// </summary>
internal class HttpPollable
{
    public virtual bool IsReady(HttpRequestState state) => true;

    /// <summary>Returns once the pollable is ready, or once the request's time is up.</summary>
    public virtual void Block(HttpRequestState state)
    {
    }
}
