using System.Net;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// An outgoing request's body as the guest writes it: guests may call <c>handle</c> before they finish the body
/// (Wasmtime's own tests do), so the bytes go out once <c>outgoing-body.finish</c> says they are complete.
/// </summary>
internal sealed class OutgoingBodyContent(HttpOutgoingBody body) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await body.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(body.Content.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = body.Finished ? body.Content.WrittenCount : 0;
        return body.Finished;
    }
}
