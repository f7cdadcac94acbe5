using System.Buffers;
using Mik.Durable.Runtime.Components;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// A client as the runtime sees it when the server streams (the server's own is Kestrel's, tested end to end): it
/// sends its request body in small pieces and takes the response, recording what arrived at each flush. One that
/// does not read or send waits until the runtime's token fires, as a stalled client would.
/// </summary>
internal sealed class TestClientConnection(byte[]? requestBody = null) : IHttpClientConnection
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly MemoryStream _request = new(requestBody ?? []);
    private readonly ArrayBufferWriter<byte> _received = new();
    private int _flushed;

    public CancellationToken ClientGone => default;

    public long MaxRequestBodyBytes { get; init; } = long.MaxValue;

    public bool RequestBodyTooLarge { get; set; }

    /// <summary>False: every flush waits until the token fires (a client that stopped reading).</summary>
    public bool Reads { get; init; } = true;

    /// <summary>False: every read waits until the token fires (a client that stopped sending).</summary>
    public bool Sends { get; init; } = true;

    public int? Status { get; private set; }

    public IReadOnlyList<KeyValuePair<string, byte[]>> Headers { get; private set; } = [];

    /// <summary>How many bytes each flush sent, in order.</summary>
    public List<int> Flushes { get; } = [];

    public ReadOnlyMemory<byte> Received => _received.WrittenMemory;

    public int ReadBody(Memory<byte> buffer, CancellationToken token)
    {
        if (!Sends) Stall(token);
        return _request.Read(buffer.Span[..Math.Min(buffer.Length, 3000)]);
    }

    public IBufferWriter<byte> StartResponse(int status, IReadOnlyList<KeyValuePair<string, byte[]>> headers)
    {
        (Status, Headers) = (status, headers);
        return _received;
    }

    public void Flush(CancellationToken token)
    {
        if (!Reads) Stall(token);
        Flushes.Add(_received.WrittenCount - _flushed);
        _flushed = _received.WrittenCount;
    }

    private static void Stall(CancellationToken token)
    {
        token.WaitHandle.WaitOne(Guard);
        token.ThrowIfCancellationRequested();
        throw new TimeoutException("the runtime's token never fired");
    }
}
