namespace Mik.Durable.Runtime.Admission;

/// <summary>The gate's answer; <see cref="Admitted"/> only when <see cref="RequestGate.Release"/> must be called after it.</summary>
internal enum GateResult
{
    Admitted,

    /// <summary>All global slots busy and the queue full or waited out.</summary>
    Overloaded,

    /// <summary>The module's own limit is reached.</summary>
    ModuleBusy,
}
