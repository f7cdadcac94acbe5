using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Breakers;

/// <summary>What counts against a module's circuit (docs/runtime.md).</summary>
internal static class BreakerFailure
{
    /// <summary>
    /// Every host-detected failure counts (trap, exit, timeout, instantiate, memory, bad or oversized output,
    /// including an unusable <c>Status:</c>). A 5xx the module returned on purpose does not, unless
    /// <paramref name="countHandler5xx"/>; 4xx never does.
    /// </summary>
    public static string? Of(WagiResult result, bool countHandler5xx = false)
    {
        if (result.Failure is { } failure) return failure.Code;
        var response = result.Response!;
        return response.Status >= 500 && countHandler5xx ? $"status_{response.Status}" : null;
    }
}
