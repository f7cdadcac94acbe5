namespace Mik.Durable.Runtime.Limits;

/// <summary>Whether a request may run; <see cref="Admitted"/> only when <see cref="Release"/> must be called after it.</summary>
internal enum AdmissionResult
{
    Admitted,

    /// <summary>All global slots busy and the queue full or waited out: 503 <c>overloaded</c>.</summary>
    Overloaded,

    /// <summary>The module's own limit is reached: 429 <c>module_busy</c>.</summary>
    ModuleBusy,
}
