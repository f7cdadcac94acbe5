namespace Mik.Durable.Domain.Breakers;

/// <summary>
/// The breaker's answer to one request. An admitted request must report exactly one outcome with its
/// admission; <see cref="Generation"/> lets the breaker ignore outcomes of requests admitted before a transition.
/// </summary>
public readonly record struct Admission(AdmissionKind Kind, long Generation, TimeSpan RetryAfter)
{
    public bool Admitted => Kind != AdmissionKind.Rejected;
}

public enum AdmissionKind
{
    /// <summary>The circuit is closed.</summary>
    Allowed,

    /// <summary>The one request a half-open circuit lets through.</summary>
    Probe,

    /// <summary>The circuit is open (or half-open with its probe in flight): 503 <c>circuit-open</c>.</summary>
    Rejected,
}
