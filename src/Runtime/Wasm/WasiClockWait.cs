using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// <c>poll_oneoff</c> for Wasmtime's WASI, bounded by the run's timeout. Wasmtime's own sleeps in the host, where the
/// epoch deadline cannot reach: a guest that slept for an hour held its thread for an hour after its timeout. A poll
/// that waits only on clocks and would end past the deadline waits until the deadline and ends the guest with
/// <c>handler_timeout</c>; every other poll (shorter waits, and any with a file descriptor, which Wasmtime answers at
/// once: every descriptor of a WAGI guest is a file or stdio) is Wasmtime's own.
/// </summary>
internal static class WasiClockWait
{
    public const string Wasi = "wasi_snapshot_preview1";
    private const int SubscriptionBytes = 48;
    private const int EventBytes = 32;
    private const byte ClockTag = 0;
    private const int BadF = 8;
    private const ushort AbsoluteTime = 1;

    /// <summary>Shadows <c>poll_oneoff</c> in <paramref name="linker"/> (which must allow shadowing).</summary>
    public static void Define(Linker linker) =>
        linker.DefineFunction(Wasi, "poll_oneoff", (Caller caller, int subscriptions, int events, int count, int eventCount) =>
            Poll(caller, subscriptions, events, count, eventCount));

    private static int Poll(Caller caller, int subscriptions, int events, int count, int eventCount)
    {
        var run = (WasiRunLimits)caller.GetData()!;
        // A guest without a memory export cannot pass Wasmtime's WASI a buffer either.
        if (caller.GetMemory("memory") is not { } memory) return BadF;
        int original() => run.Call("poll_oneoff", memory, subscriptions, events, count, eventCount);
        if (count <= 0) return original();

        var soonest = long.MaxValue;
        for (var i = 0; i < count; i++)
        {
            var at = subscriptions + (long)i * SubscriptionBytes;
            if (at + SubscriptionBytes > memory.GetLength() || memory.ReadByte(at + 8) != ClockTag)
                return original();
            var wait = ClockWait(memory, at, run, events);
            if (wait is null) return original();
            soonest = Math.Min(soonest, wait.Value);
        }

        var remaining = run.Remaining;
        if (soonest <= remaining.Ticks * 100) return original();
        Thread.Sleep(remaining);
        run.DeadlineReached = true;
        throw new GuestDeadlineException();
    }

    /// <summary>Nanoseconds the clock subscription at <paramref name="at"/> waits; null when that cannot be told.</summary>
    private static long? ClockWait(Memory memory, long at, WasiRunLimits run, int scratch)
    {
        var clock = memory.ReadInt32(at + 16);
        var timeout = memory.ReadInt64(at + 24);
        var flags = (ushort)memory.ReadInt16(at + 40);
        if ((flags & AbsoluteTime) == 0) return Math.Max(0, timeout);
        // An absolute time is on Wasmtime's clock (its monotonic clock starts with the Store): ask it for now, into
        // the events buffer, which the poll overwrites anyway.
        if (scratch < 0 || scratch + EventBytes > memory.GetLength()) return null;
        var errno = run.Call("clock_time_get", memory, clock, 1L, scratch);
        return errno == 0 ? Math.Max(0, timeout - memory.ReadInt64(scratch)) : null;
    }
}
