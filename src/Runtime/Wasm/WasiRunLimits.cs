using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// The data of a Store running on Wasmtime's WASI: the run's wall-clock deadline, which host calls that wait must not
/// pass (<see cref="WasiClockWait"/>), the bytes the guest may still write to files (<see cref="WasiVolumeWrites"/>),
/// and Wasmtime's own WASI functions for this Store, which the shadowing functions call.
/// </summary>
internal sealed class WasiRunLimits(
    Store store, Module trampoline, Linker wasmtime, TimeProvider time, TimeSpan timeout, long volumeWriteBytes)
{
    private readonly long _start = time.GetTimestamp();
    private readonly Dictionary<string, Function> _wasmtime = new(StringComparer.Ordinal);
    private Instance? _instance;

    /// <summary>Time left before the run's timeout; zero once it has passed.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = timeout - time.GetElapsedTime(_start);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Bytes the guest may still write to files in its volumes during this run (<c>max_volume_write_mb</c>).</summary>
    public long VolumeWriteBytesLeft { get; set; } = volumeWriteBytes;

    /// <summary>
    /// Whether the run's deadline ended it inside a shadowing function: a wait cut at the deadline, or the epoch
    /// interrupting the trampoline. Wasmtime reports either as a trap of the host function, not as an interrupt.
    /// </summary>
    public bool DeadlineReached { get; set; }

    /// <summary>
    /// Calls Wasmtime's own WASI function <paramref name="name"/> (one of <see cref="WasiTrampoline.Functions"/>) for
    /// this run, working on the guest's <paramref name="memory"/>; returns its errno.
    /// </summary>
    public int Call(string name, Memory memory, params ValueBox[] arguments)
    {
        if (!_wasmtime.TryGetValue(name, out var function))
        {
            _instance ??= WasiTrampoline.Instantiate(store, trampoline, wasmtime, memory);
            function = _instance.GetFunction(name) ?? throw new InvalidOperationException($"the trampoline has no {name}");
            _wasmtime[name] = function;
        }
        try
        {
            return (int)function.Invoke(arguments)!;
        }
        catch (TrapException e) when (e.Type == TrapCode.Interrupt)
        {
            DeadlineReached = true;
            throw;
        }
    }
}
