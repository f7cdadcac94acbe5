namespace Mik.Durable.Runtime.Admission;

internal enum CircuitPassKind
{
    /// <summary>The circuit is closed.</summary>
    Allowed,

    /// <summary>The one request a half-open circuit lets through.</summary>
    Probe,

    /// <summary>The circuit is open (or half-open with its probe in flight): 503 <c>circuit-open</c>.</summary>
    Rejected,
}
