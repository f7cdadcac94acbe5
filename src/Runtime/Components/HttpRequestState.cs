namespace Mik.Durable.Runtime.Components;

/// <summary>
/// One component request, the data of its Store: the host resources handed to the guest (a handle's rep is its
/// index here) and the response the guest set.
/// </summary>
internal sealed class HttpRequestState
{
    private readonly List<object?> _resources = [];

    public HttpOutgoingResponse? Response { get; set; }

    /// <summary>The response body's cap, the engine's <c>max_stdout_bytes</c> as for a WAGI module's stdout.</summary>
    public long MaxBodyBytes { get; init; } = long.MaxValue;

    /// <summary>Set when a write would pass <see cref="MaxBodyBytes"/> (the write fails; the request ends output_too_large).</summary>
    public bool BodyTooLarge { get; set; }

    /// <summary>The <c>error-code</c> the guest set instead of a response, as text (e.g. <c>internal-error("boom")</c>).</summary>
    public string? ErrorCode { get; set; }

    /// <summary>Why a host function refused a call (the guest's call then traps with this message).</summary>
    public string? HostFailure { get; set; }

    /// <summary>The clocks' time (the engine's <see cref="TimeProvider"/>).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>When the request's time is up (a <see cref="Time"/> timestamp): no clock wait sleeps past it.</summary>
    public long DeadlineTimestamp { get; set; } = long.MaxValue;

    /// <summary>Set when a clock wait reached <see cref="DeadlineTimestamp"/> (the guest's call then ends as a timeout).</summary>
    public bool WaitedPastDeadline { get; set; }

    /// <summary>The environment, arguments and output cap the <c>wasi:cli</c> interfaces answer from.</summary>
    public WasiWorld World { get; init; } = WasiWorld.Empty;

    /// <summary>The guest's <c>wasi:cli</c> stdout and stderr lines.</summary>
    public ComponentOutputLog Output { get; init; } = new(WasiWorld.Empty.MaxOutputBytes);

    /// <summary>The status the guest passed to <c>wasi:cli/exit</c> (true: ok), or null if it never called it.</summary>
    public bool? ExitOk { get; set; }

    /// <summary>Outgoing HTTP for this request (the module, its allowed hosts, the deadline); null: every call is denied.</summary>
    public OutboundContext? Outbound { get; init; }

    /// <summary>The client's connection when the server streams the request (null: body and response in memory).</summary>
    public HttpStreaming? Streaming { get; init; }

    public uint Add(object resource)
    {
        _resources.Add(resource);
        return (uint)(_resources.Count - 1);
    }

    public T Get<T>(uint rep) where T : class =>
        rep < _resources.Count && _resources[(int)rep] is T resource
            ? resource
            : throw new InvalidOperationException($"no {typeof(T).Name} behind handle {rep}");

    /// <summary>Removes a resource whose ownership the guest gave back or dropped.</summary>
    public T Take<T>(uint rep) where T : class
    {
        var resource = Get<T>(rep);
        _resources[(int)rep] = null;
        return resource;
    }

    public object? Drop(uint rep)
    {
        if (rep >= _resources.Count) return null;
        var resource = _resources[(int)rep];
        _resources[(int)rep] = null;
        return resource;
    }
}
