namespace Mik.Durable.Api.Requests;

/// <summary>
/// Endpoint metadata of <c>/run/{module}/…</c>: its answers always carry a body (the guest's, with its
/// Content-Length, or a JSON error), so status-code pages never apply to them.
/// </summary>
internal sealed class HandlerEndpointMetadata
{
    public static HandlerEndpointMetadata Instance { get; } = new();

    private HandlerEndpointMetadata()
    {
    }
}
