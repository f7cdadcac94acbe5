using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>What happened when a guest was instantiated and its entrypoint called.</summary>
/// <param name="Error">The exception that ended the run, or null when the entrypoint returned.</param>
/// <param name="Instantiated">False when the error came from linking or instantiation, not from the guest's code.</param>
/// <param name="MemoryBytes">Size of the guest's exported memory at the end, or -1 when unknown.</param>
internal sealed record GuestRun(Exception? Error, bool Instantiated, long MemoryBytes)
{
    /// <summary>The guest's exit code when it called <c>proc_exit</c>; null when it did not.</summary>
    public int? ExitCode { get; init; }

    /// <summary>True when the epoch deadline stopped the guest.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The function the guest was in when it failed, when the module names its functions.</summary>
    public string? Function { get; init; }

    /// <summary>What a module that cannot be served at <paramref name="entrypoint"/> is told, wherever that is found.</summary>
    public static string NoEntrypoint(string entrypoint) =>
        $"the module exports no function '{entrypoint}' without parameters and results";

    public static GuestRun MissingEntrypoint(string entrypoint) =>
        new(new WasmtimeException(NoEntrypoint(entrypoint)), Instantiated: false, MemoryBytes: -1);
}
