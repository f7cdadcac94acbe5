using System.Buffers;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// One streamed component request (docs/components.md, "Streaming"): the request body read from the client as the
/// guest asks, and the response body sent once it outgrows <see cref="BufferedBytes"/>. Every wait on the client is
/// bounded by what is left of the handler's deadline, so no thread stays parked on a client that does not read or
/// send. Once a direction failed it stays failed: the guest's next call on it fails at once.
/// </summary>
internal sealed class HttpStreaming(IHttpClientConnection connection, TimeSpan timeout, TimeProvider time) : IDisposable
{
    /// <summary>
    /// A response body up to this size is held and sent whole with a <c>Content-Length</c>, as before streaming;
    /// past it the status and headers go and the body follows chunked (Decision, docs/components.md).
    /// </summary>
    public const int BufferedBytes = 64 * 1024;

    private const int ReadChunk = 64 * 1024;

    private readonly long _started = time.GetTimestamp();
    private CancellationTokenSource? _timer;
    private CancellationTokenSource? _deadline;
    private IBufferWriter<byte>? _response;
    private byte[]? _readBuffer;
    private long _bodyRead;
    private bool _bodyEnded;

    /// <summary>Whether the status and headers went to the client (a failure now can only abort the response).</summary>
    public bool Started => _response is not null;

    /// <summary>Why sending the response failed (the client gone or not reading until the deadline); null while it works.</summary>
    public string? WriteFailure { get; private set; }

    /// <summary>Why reading the request body failed; null while it works.</summary>
    public string? ReadFailure { get; private set; }

    /// <summary>Whether a wait on the client ran into the handler's deadline.</summary>
    public bool DeadlinePassed { get; private set; }

    public IHttpClientConnection Connection => connection;

    /// <summary>
    /// Takes a write of the body of <paramref name="response"/>: held while the body is small (or the response is
    /// not set yet, or has no body by its status, or <paramref name="body"/> is not the response's), sent otherwise.
    /// False when the client cannot take it.
    /// </summary>
    public bool Write(HttpOutgoingResponse? response, HttpOutgoingBody body, in ComponentVal list)
    {
        if (WriteFailure is not null) return false;
        if (_response is null)
        {
            ComponentBytes.CopyTo(list, body.Content);
            if (!Start(response, body)) return true;
        }
        else if (response?.Body == body) ComponentBytes.CopyTo(list, _response);
        else
        {
            ComponentBytes.CopyTo(list, body.Content);
            return true;
        }
        return Flush();
    }

    /// <inheritdoc cref="Write(HttpOutgoingResponse?, HttpOutgoingBody, in ComponentVal)"/>
    public bool Write(HttpOutgoingResponse? response, HttpOutgoingBody body, ReadOnlySpan<byte> bytes)
    {
        if (WriteFailure is not null) return false;
        if (_response is null)
        {
            body.Content.Write(bytes);
            if (!Start(response, body)) return true;
        }
        else if (response?.Body == body) _response.Write(bytes);
        else
        {
            body.Content.Write(bytes);
            return true;
        }
        return Flush();
    }

    // Sends the status, headers and what the body holds once the body outgrows the buffer; false while it is held.
    private bool Start(HttpOutgoingResponse? response, HttpOutgoingBody body)
    {
        if (body.Content.WrittenCount <= BufferedBytes || response is null || response.Body != body || !HasBody(response.Status))
            return false;
        _response = connection.StartResponse(response.Status, response.Headers.ToSend());
        _response.Write(body.Content.WrittenSpan);
        body.Content.ResetWrittenCount();
        return true;
    }

    private bool Flush()
    {
        try
        {
            connection.Flush(Token);
            return true;
        }
        catch (Exception e)
        {
            WriteFailure = Describe(e, "sending the response body");
            return false;
        }
    }

    /// <summary>Up to <paramref name="length"/> next bytes of the request body; null at its end.</summary>
    /// <exception cref="IOException">The read failed: past <c>max_body_mb</c>, the client gone, the deadline.</exception>
    public ReadOnlyMemory<byte>? Read(ulong length)
    {
        if (ReadFailure is not null) throw new IOException(ReadFailure);
        if (_bodyEnded) return null;
        var buffer = _readBuffer ??= new byte[ReadChunk];
        var wanted = (int)Math.Min(length, (ulong)buffer.Length);
        if (wanted == 0) return ReadOnlyMemory<byte>.Empty;
        int read;
        try
        {
            read = connection.ReadBody(buffer.AsMemory(0, wanted), Token);
        }
        catch (Exception e)
        {
            ReadFailure = Describe(e, "reading the request body");
            throw new IOException(ReadFailure, e);
        }
        if (read == 0)
        {
            _bodyEnded = true;
            return null;
        }
        _bodyRead += read;
        if (_bodyRead > connection.MaxRequestBodyBytes)
        {
            connection.RequestBodyTooLarge = true;
            ReadFailure = $"the request body exceeds {connection.MaxRequestBodyBytes} bytes (max_body_mb)";
            throw new IOException(ReadFailure);
        }
        return buffer.AsMemory(0, read);
    }

    public void Dispose()
    {
        _deadline?.Dispose();
        _timer?.Dispose();
    }

    private static bool HasBody(int status) => status is >= 200 and not 204 and not 304;

    // Made on the first wait only: a request that never waits on its client allocates nothing for it.
    private CancellationToken Token
    {
        get
        {
            if (_deadline is null)
            {
                var left = timeout - time.GetElapsedTime(_started);
                _timer = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1), time);
                _deadline = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, connection.ClientGone);
            }
            return _deadline.Token;
        }
    }

    // The deadline first: the server may abort a connection whose wait was cancelled, so by now it can look gone too.
    private string Describe(Exception failure, string doing)
    {
        if (_timer?.IsCancellationRequested == true)
        {
            DeadlinePassed = true;
            return $"the handler's deadline passed while {doing}";
        }
        if (connection.ClientGone.IsCancellationRequested) return $"the client went away while {doing}";
        return $"{doing} failed: {failure.Message}";
    }
}
