namespace Mik.Durable.Runtime.Components;

/// <summary>
/// Writing to the response body within the engine's <c>max_stdout_bytes</c>: a write that would pass it is refused
/// with <c>stream-error.last-operation-failed(error)</c> (the guest may still log or clean up), and the request ends
/// 500 <c>output_too_large</c> whatever the guest does next (docs/components.md).
/// </summary>
internal static class HttpStreamFailure
{
    /// <summary>
    /// Appends <paramref name="length"/> bytes that <paramref name="write"/> puts into the body; null when done, else the
    /// <c>stream-error</c> value for the guest.
    /// </summary>
    public static ComponentVal? Append(IntPtr context, HttpRequestState state, HttpOutputStream stream, long length, Action<HttpOutgoingBody> write)
    {
        if (stream.Body.Content.WrittenCount + length > state.MaxBodyBytes)
        {
            state.BodyTooLarge = true;
            return LastOperationFailed(context, state, $"the response body passed {state.MaxBodyBytes} bytes");
        }
        write(stream.Body);
        return null;
    }

    /// <summary>A <c>stream-error.last-operation-failed</c> carrying a new <c>error</c> with <paramref name="message"/>.</summary>
    public static ComponentVal LastOperationFailed(IntPtr context, HttpRequestState state, string message) =>
        ComponentVal.Err(ComponentVal.Case("last-operation-failed",
            HostCall.Own(context, HttpResource.IoError, state.Add(new HttpIoError(message)))));
}
