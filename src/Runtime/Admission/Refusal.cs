namespace Mik.Durable.Runtime.Admission;

/// <summary>Why a request was not admitted (docs/runtime.md, status codes).</summary>
internal enum Refusal
{
    None,

    /// <summary>The module's circuit is open: 503 <c>circuit-open</c>.</summary>
    CircuitOpen,

    /// <summary>All global slots busy and the queue full or waited out: 503 <c>overloaded</c>.</summary>
    Overloaded,

    /// <summary>The module's own limit is reached: 429 <c>module_busy</c>.</summary>
    ModuleBusy,
}
