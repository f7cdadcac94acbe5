namespace Mik.Durable.Runtime.Admission;

/// <summary>
/// The breaker's answer to one request. An admitted request must report exactly one outcome with its
/// pass; <see cref="Generation"/> lets the breaker ignore outcomes of requests admitted before a transition.
/// </summary>
internal readonly record struct CircuitPass(CircuitPassKind Kind, long Generation, TimeSpan RetryAfter)
{
    public bool Admitted => Kind != CircuitPassKind.Rejected;
}
