using System.Security.Cryptography;

namespace Mik.Durable.Runtime.Wasm;

internal static partial class ManagedWasi
{
    private const int ClockRealtime = 0;
    private const int ClockThreadCpuTime = 3;

    /// <summary>Realtime is Unix nanoseconds; monotonic and the CPU-time clocks share the monotonic timestamp.</summary>
    private static int ClockTimeGet(WasiRequestState state, GuestMemory memory, int clockId, int timePointer)
    {
        if (clockId is < ClockRealtime or > ClockThreadCpuTime) return WasiErrno.Inval;
        var time = state.Time;
        ulong nanoseconds;
        if (clockId == ClockRealtime)
        {
            nanoseconds = (ulong)(time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        }
        else
        {
            var timestamp = (UInt128)(ulong)time.GetTimestamp();
            nanoseconds = (ulong)(timestamp * 1_000_000_000 / (ulong)time.TimestampFrequency);
        }
        return memory.WriteUInt64(timePointer, nanoseconds);
    }

    private static int ClockResGet(WasiRequestState state, GuestMemory memory, int clockId, int resolutionPointer)
    {
        if (clockId is < ClockRealtime or > ClockThreadCpuTime) return WasiErrno.Inval;
        var resolution = clockId == ClockRealtime
            ? 100UL
            : Math.Max(1UL, 1_000_000_000UL / (ulong)state.Time.TimestampFrequency);
        return memory.WriteUInt64(resolutionPointer, resolution);
    }

    private static int RandomGet(GuestMemory memory, int buffer, int length)
    {
        if (!memory.TryGetSpan(buffer, (uint)length, out var target)) return WasiErrno.Fault;
        RandomNumberGenerator.Fill(target);
        return WasiErrno.Success;
    }
}
