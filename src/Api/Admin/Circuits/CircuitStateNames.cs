using Mik.Durable.Runtime.Admission;

namespace Mik.Durable.Api.Admin.Circuits;

/// <summary>The wire names of circuit states, the same as the audit trail's breaker projection uses.</summary>
internal static class CircuitStateNames
{
    public static string Of(CircuitState state) => state switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "closed",
    };
}
