using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Mik.Durable.Runtime.Components;

namespace Mik.Durable.Api.Requests;

/// <summary>
/// A component request's client, as Kestrel has it: the guest reads the request body and writes the response body
/// through it while it runs (docs/components.md, "Streaming"). The guest runs synchronously on the request's
/// thread (its host functions cannot await), so each call waits for Kestrel's asynchronous one, bounded by the token
/// the runtime passes (the handler's deadline, the client leaving).
/// </summary>
internal sealed class ComponentConnection : IHttpClientConnection
{
    private readonly HttpContext _context;

    public ComponentConnection(HttpContext context, long maxRequestBodyBytes)
    {
        _context = context;
        MaxRequestBodyBytes = maxRequestBodyBytes;
        // The runtime counts the body against max_body_mb itself; Kestrel's own default cap would cut it at 30 MB.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;
    }

    public CancellationToken ClientGone => _context.RequestAborted;

    public long MaxRequestBodyBytes { get; }

    public bool RequestBodyTooLarge { get; set; }

    /// <summary>Kestrel's refusal of the body's framing or rate, when a read met one (answered as for a module).</summary>
    public BadHttpRequestException? Rejected { get; private set; }

    /// <summary>
    /// Whether a read or write found the connection gone. Kestrel cancels <c>RequestAborted</c> for it only later, on
    /// another thread, so the run's outcome cannot wait for that token to tell.
    /// </summary>
    public bool ClientLost { get; private set; }

    public int ReadBody(Memory<byte> buffer, CancellationToken token)
    {
        try
        {
            var read = _context.Request.Body.ReadAsync(buffer, token);
            return read.IsCompletedSuccessfully ? read.Result : read.AsTask().GetAwaiter().GetResult();
        }
        catch (BadHttpRequestException refused)
        {
            Rejected = refused;
            throw;
        }
        catch when (!token.IsCancellationRequested)
        {
            ClientLost = true;
            throw;
        }
    }

    public IBufferWriter<byte> StartResponse(int status, IReadOnlyList<KeyValuePair<string, byte[]>> headers)
    {
        var response = _context.Response;
        response.StatusCode = status;
        foreach (var (name, value) in headers) response.Headers.Append(name, Encoding.Latin1.GetString(value));
        return response.BodyWriter;
    }

    public void Flush(CancellationToken token)
    {
        System.IO.Pipelines.FlushResult result;
        try
        {
            var flush = _context.Response.BodyWriter.FlushAsync(token);
            result = flush.IsCompletedSuccessfully ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
        }
        catch when (!token.IsCancellationRequested)
        {
            ClientLost = true;
            throw;
        }
        // Completed: the connection's reader is gone; canceled: the token fired. Either way nothing more gets through.
        if (result.IsCompleted && !token.IsCancellationRequested) ClientLost = true;
        if (result.IsCanceled || result.IsCompleted) throw new OperationCanceledException("the response could not be sent");
    }
}
