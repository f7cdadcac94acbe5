using System.Text;
using Wasmtime;
using static Mik.Durable.Runtime.Wasm.WasmtimeApi;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// What a <c>wasmtime_error_t</c> or <c>wasm_trap_t</c> says, read once and then freed. Host-function failures
/// (proc_exit, the stdout cap) come back as errors carrying the message the callback gave; instruction traps and
/// the epoch interrupt as traps with a code.
/// </summary>
internal readonly record struct NativeFailure(string Message, int? ExitStatus, TrapCode? Code, string? Function)
{
    private const byte TrapInterrupt = 10;

    /// <summary>Reads and deletes whichever of the two is set (Wasmtime sets at most one).</summary>
    public static unsafe NativeFailure Take(IntPtr error, IntPtr trap)
    {
        if (trap != IntPtr.Zero)
        {
            try
            {
                wasm_trap_message(trap, out var message);
                wasm_trap_trace(trap, out var frames);
                TrapCode? code = wasmtime_trap_code(trap, out var raw) ? (TrapCode)raw : null;
                return new NativeFailure(TakeText(ref message), null, code, TakeFirstFunction(ref frames));
            }
            finally
            {
                wasm_trap_delete(trap);
            }
        }
        try
        {
            wasmtime_error_message(error, out var message);
            wasmtime_error_wasm_trace(error, out var frames);
            int? exit = wasmtime_error_exit_status(error, out var status) ? status : null;
            return new NativeFailure(TakeText(ref message), exit, null, TakeFirstFunction(ref frames));
        }
        finally
        {
            wasmtime_error_delete(error);
        }
    }

    public bool Interrupted => Code == (TrapCode)TrapInterrupt;

    private static unsafe string TakeText(ref NativeVec bytes)
    {
        // wasm_message_t counts a trailing NUL; wasmtime_error_message does not.
        var span = new ReadOnlySpan<byte>(bytes.Data, (int)bytes.Size).TrimEnd((byte)0);
        var text = Encoding.UTF8.GetString(span);
        wasm_byte_vec_delete(ref bytes);
        return text;
    }

    /// <summary>The innermost frame's function name, when the module has a name section.</summary>
    private static unsafe string? TakeFirstFunction(ref NativeVec frames)
    {
        string? name = null;
        if (frames.Size > 0)
        {
            var frame = ((IntPtr*)frames.Data)[0];
            var raw = wasmtime_frame_func_name(frame);
            if (raw is not null && raw->Size > 0) name = Encoding.UTF8.GetString(raw->Data, (int)raw->Size);
        }
        wasm_frame_vec_delete(ref frames);
        return name;
    }
}
