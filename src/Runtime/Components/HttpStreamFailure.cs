using System.Buffers;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// Writing to an outgoing body within the engine's <c>max_stdout_bytes</c>, and the stream errors a guest is told: a
/// write that would pass the cap is refused with <c>stream-error.last-operation-failed(error)</c> (the guest may
/// still log or clean up), and the request ends 500 <c>output_too_large</c> whatever the guest does next; a write
/// the client could not take (gone, or not reading until the deadline) is <c>closed</c> (docs/components.md).
/// </summary>
internal static class HttpStreamFailure
{
    /// <summary>
    /// Counts <paramref name="length"/> bytes about to be written to <paramref name="body"/>; null when they may be,
    /// else the <c>stream-error</c> value for the guest.
    /// </summary>
    public static ComponentVal? Reserve(IntPtr context, HttpRequestState state, HttpOutgoingBody body, long length)
    {
        if (body.Written + length > state.MaxBodyBytes)
        {
            state.BodyTooLarge = true;
            return LastOperationFailed(context, state, $"the response body passed {state.MaxBodyBytes} bytes");
        }
        body.Written += length;
        return null;
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="body"/>: held, or sent when the server streams it.</summary>
    /// <returns><c>ok</c>, or <c>stream-error.closed</c> when the client could not take them.</returns>
    public static ComponentVal Write(HttpRequestState state, HttpOutgoingBody body, ReadOnlySpan<byte> bytes)
    {
        if (state.Streaming is { } streaming) return streaming.Write(state.Response, body, bytes) ? ComponentVal.Ok() : Closed;
        body.Content.Write(bytes);
        return ComponentVal.Ok();
    }

    /// <inheritdoc cref="Write(HttpRequestState, HttpOutgoingBody, ReadOnlySpan{byte})"/>
    public static ComponentVal Write(HttpRequestState state, HttpOutgoingBody body, in ComponentVal list)
    {
        if (state.Streaming is { } streaming) return streaming.Write(state.Response, body, list) ? ComponentVal.Ok() : Closed;
        ComponentBytes.CopyTo(list, body.Content);
        return ComponentVal.Ok();
    }

    /// <summary>
    /// Up to <paramref name="length"/> next bytes of <paramref name="stream"/>, null at its end; a read that failed (the
    /// client gone, past <c>max_body_mb</c>, the deadline) sets <paramref name="failed"/>, the guest's stream error.
    /// </summary>
    public static ReadOnlyMemory<byte>? Read(IntPtr context, HttpRequestState state, HttpInputStream stream, ulong length, out ComponentVal? failed)
    {
        failed = null;
        try
        {
            return stream.Read(length);
        }
        catch (IOException e)
        {
            failed = LastOperationFailed(context, state, e.Message);
            return null;
        }
    }

    /// <summary>A <c>stream-error.last-operation-failed</c> carrying a new <c>error</c> with <paramref name="message"/>.</summary>
    public static ComponentVal LastOperationFailed(IntPtr context, HttpRequestState state, string message) =>
        ComponentVal.Err(ComponentVal.Case("last-operation-failed",
            HostCall.Own(context, HttpResource.IoError, state.Add(new HttpIoError(message)))));

    private static ComponentVal Closed => ComponentVal.Err(ComponentVal.Case("closed"));
}
