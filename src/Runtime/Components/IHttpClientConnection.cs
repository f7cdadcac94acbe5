using System.Buffers;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The client's side of a component request when the server streams it (docs/components.md, "Streaming"): the
/// request body as it arrives and the response once it outgrows the buffer. Every call runs on the guest's thread,
/// inside a host function, and waits at most until its token fires (the handler's deadline or the client leaving).
/// </summary>
internal interface IHttpClientConnection
{
    /// <summary>Fires when the client went away.</summary>
    CancellationToken ClientGone { get; }

    /// <summary>The request body's cap (<c>max_body_mb</c>): a read past it fails.</summary>
    long MaxRequestBodyBytes { get; }

    /// <summary>Set when the guest read past <see cref="MaxRequestBodyBytes"/> (the server then answers 413).</summary>
    bool RequestBodyTooLarge { get; set; }

    /// <summary>Up to <paramref name="buffer"/>'s length next bytes of the request body; 0 at its end.</summary>
    int ReadBody(Memory<byte> buffer, CancellationToken token);

    /// <summary>Sends the status and headers (the body's length unknown); the body is written to the writer returned.</summary>
    IBufferWriter<byte> StartResponse(int status, IReadOnlyList<KeyValuePair<string, byte[]>> headers);

    /// <summary>Sends what was written, waiting while the client's connection is full.</summary>
    void Flush(CancellationToken token);
}
