namespace Mik.Durable.Runtime.Wasm;

/// <summary>What happened when a guest was instantiated and its entrypoint called.</summary>
/// <param name="Error">The exception that ended the run, or null when the entrypoint returned.</param>
/// <param name="Instantiated">False when the error came from linking or instantiation, not from the guest's code.</param>
/// <param name="MemoryBytes">Size of the guest's exported memory at the end, or -1 when unknown.</param>
internal sealed record GuestRun(Exception? Error, bool Instantiated, long MemoryBytes);
