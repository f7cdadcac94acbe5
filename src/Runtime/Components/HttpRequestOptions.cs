namespace Mik.Durable.Runtime.Components;

/// <summary>A <c>request-options</c> resource: the guest's timeouts for one outgoing request (none set: none).</summary>
internal sealed class HttpRequestOptions
{
    public TimeSpan? ConnectTimeout { get; set; }
    public TimeSpan? FirstByteTimeout { get; set; }
    public TimeSpan? BetweenBytesTimeout { get; set; }
}
