using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// The data of a Store running on Wasmtime's WASI: the run's wall-clock deadline, which host calls that wait
/// (<see cref="WasiClockWait"/>) must not pass, and the Store itself, to reach Wasmtime's own WASI functions.
/// </summary>
internal sealed class WasiRunDeadline(Store store, TimeProvider time, TimeSpan timeout)
{
    private readonly long _start = time.GetTimestamp();

    public Store Store { get; } = store;

    /// <summary>Time left before the run's timeout; zero once it has passed.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = timeout - time.GetElapsedTime(_start);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}
