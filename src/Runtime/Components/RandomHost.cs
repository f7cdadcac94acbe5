using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:random/random</c> (from <see cref="RandomNumberGenerator"/>), <c>wasi:random/insecure</c> and
/// <c>insecure-seed</c> (from <see cref="Random.Shared"/>). **Decision** (docs/components.md): one call returns at
/// most <see cref="MaxBytes"/>; asking for more traps the guest's call instead of letting it size a host allocation.
/// </summary>
internal static unsafe class RandomHost
{
    /// <summary>Far above what a seed or a key needs (the C API also carries each byte as a 32-byte value).</summary>
    public const ulong MaxBytes = 1024 * 1024;

    /// <summary><c>get-random-bytes(len: u64) -&gt; list&lt;u8&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Bytes(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var bytes = new byte[Length(args[0].U64)];
            RandomNumberGenerator.Fill(bytes);
            results[0] = ComponentBytes.FromBytes(bytes);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>get-random-u64 -&gt; u64</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr U64(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            Span<byte> bytes = stackalloc byte[8];
            RandomNumberGenerator.Fill(bytes);
            results[0] = ComponentValues.U64(BitConverter.ToUInt64(bytes));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>get-insecure-random-bytes(len: u64) -&gt; list&lt;u8&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr InsecureBytes(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var bytes = new byte[Length(args[0].U64)];
            Random.Shared.NextBytes(bytes);
            results[0] = ComponentBytes.FromBytes(bytes);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>get-insecure-random-u64 -&gt; u64</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr InsecureU64(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = ComponentValues.U64((ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>insecure-seed -&gt; tuple&lt;u64, u64&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr InsecureSeed(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = ComponentValues.Tuple(
                ComponentValues.U64((ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue)),
                ComponentValues.U64((ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    private static int Length(ulong asked) => asked <= MaxBytes
        ? (int)asked
        : throw new InvalidOperationException($"random bytes asked for {asked} bytes, more than {MaxBytes} in one call");
}
