namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A <c>pollable</c>. What lives in memory is ready at once; one made for an outgoing call (<see cref="Until"/>) is
/// ready when that call has ended.
/// </summary>
internal sealed class HttpPollable
{
    public Task? Until { get; init; }
}
