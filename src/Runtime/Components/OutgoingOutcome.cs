namespace Mik.Durable.Runtime.Components;

/// <summary>How an outgoing call ended: the upstream's response, or the <c>error-code</c> the guest gets.</summary>
internal sealed record OutgoingOutcome(HttpIncomingResponse? Response, OutgoingError? Error)
{
    public static OutgoingOutcome Failed(OutgoingError error) => new(null, error);
}
