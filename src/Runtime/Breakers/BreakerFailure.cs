using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Breakers;

/// <summary>What counts against a module's circuit (docs/runtime.md).</summary>
internal static class BreakerFailure
{
    /// <summary>
    /// Every host-detected failure counts (trap, exit, timeout, instantiate, memory, bad or oversized output,
    /// including an unusable <c>Status:</c>). A status the module returned on purpose, 5xx included, does not.
    /// </summary>
    public static string? Of(WagiResult result) => result.Failure?.Code;
}
