using System.Text;

namespace Mik.Durable.Runtime.Tests.Support;

/// <summary>Small WebAssembly text guests written for the tests.</summary>
internal static class Wat
{
    private const string Wasi = "wasi_snapshot_preview1";

    /// <summary>WAT string literal holding <paramref name="bytes"/> exactly.</summary>
    public static string Literal(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder("\"");
        foreach (var b in bytes) text.Append('\\').Append(b.ToString("x2"));
        return text.Append('"').ToString();
    }

    public static string Literal(string text) => Literal(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="stdout"/> to fd 1 (and <paramref name="stderr"/> to fd 2), then returns or exits.</summary>
    public static string Respond(string stdout, string stderr = "", int? exitCode = null) => Respond(Encoding.UTF8.GetBytes(stdout), stderr, exitCode);

    public static string Respond(byte[] stdout, string stderr = "", int? exitCode = null)
    {
        var err = Encoding.UTF8.GetBytes(stderr);
        return $$"""
        (module
          (import "{{Wasi}}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "{{Wasi}}" "proc_exit" (func $proc_exit (param i32)))
          (memory (export "memory") 2)
          (data (i32.const 1024) {{Literal(stdout)}})
          (data (i32.const 65536) {{Literal(err)}})
          (func $write (param $fd i32) (param $ptr i32) (param $len i32)
            (i32.store (i32.const 0) (local.get $ptr))
            (i32.store (i32.const 4) (local.get $len))
            (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
          (func (export "_start")
            (call $write (i32.const 1) (i32.const 1024) (i32.const {{stdout.Length}}))
            (call $write (i32.const 2) (i32.const 65536) (i32.const {{err.Length}}))
            {{(exitCode is int code ? $"(call $proc_exit (i32.const {code}))" : "")}}))
        """;
    }

    /// <summary>A guest whose <c>_start</c> runs <paramref name="body"/> and imports nothing.</summary>
    public static string Bare(string body, string extra = "") => $$"""
        (module
          {{extra}}
          (memory (export "memory") 1)
          (func (export "_start") {{body}}))
        """;

    public const string Trap = "(module (memory (export \"memory\") 1) (func (export \"_start\") unreachable))";

    public const string InfiniteLoop = "(module (memory (export \"memory\") 1) (func (export \"_start\") (loop (br 0))))";

    /// <summary>Grows memory one page at a time until refused, then traps as a failed allocation would.</summary>
    public const string GrowUntilRefused = """
        (module
          (memory (export "memory") 1)
          (func (export "_start")
            (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
            unreachable))
        """;

    /// <summary>Grows memory until refused, then writes <paramref name="stdout"/> and returns.</summary>
    public static string GrowThenRespond(string stdout) => $$"""
        (module
          (import "{{Wasi}}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) {{Literal(stdout)}})
          (func (export "_start")
            (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const {{Encoding.UTF8.GetByteCount(stdout)}}))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """;

    /// <summary>Writes a response, then keeps writing 4 KiB chunks to stdout forever.</summary>
    public static readonly string EndlessOutput = $$"""
        (module
          (import "{{Wasi}}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "Content-Type: text/plain\n\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 26))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            (i32.store (i32.const 4) (i32.const 4096))
            (loop (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (br 0))))
        """;
}
