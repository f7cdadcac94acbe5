using System.Text;

namespace Mik.Durable.Runtime.Tests.Support;

/// <summary>
/// A guest that answers 200 text/plain with its argv (one per line), <c>--</c>, its environ (one per line),
/// <c>--</c>, then its stdin; and <see cref="Parse"/> to read that back.
/// </summary>
internal static class EchoGuest
{
    // Memory: 0 iovec, 8 count/nwritten, 12 size, 16 "\n", 20 "--\n", 32 header, 1024 pointer table,
    // 8192.. strings, 131072.. stdin chunk.
    public static string Wat => WatWith();

    /// <summary>The echo guest with its function exported as <paramref name="export"/> and extra module fields.</summary>
    public static string WatWith(string export = "_start", string extra = "") =>
        Template.Replace("(export \"_start\")", $"(export \"{export}\")").Replace(";;extra", extra);

    private const string Template = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
          (memory (export "memory") 4)
          (data (i32.const 16) "\n")
          (data (i32.const 20) "--\n")
          (data (i32.const 32) "Content-Type: text/plain\n\n")
          (func $write (param $ptr i32) (param $len i32)
            (i32.store (i32.const 0) (local.get $ptr))
            (i32.store (i32.const 4) (local.get $len))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
          (func $strlen (param $p i32) (result i32) (local $n i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $n))
          (func $dump (param $count i32) (local $i i32) (local $p i32)
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
              (local.set $p (i32.load (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 4)))))
              (call $write (local.get $p) (call $strlen (local.get $p)))
              (call $write (i32.const 16) (i32.const 1))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next))))
          ;;extra
          (func (export "_start") (local $n i32)
            (call $write (i32.const 32) (i32.const 26))
            (drop (call $args_sizes_get (i32.const 8) (i32.const 12)))
            (drop (call $args_get (i32.const 1024) (i32.const 8192)))
            (call $dump (i32.load (i32.const 8)))
            (call $write (i32.const 20) (i32.const 3))
            (drop (call $environ_sizes_get (i32.const 8) (i32.const 12)))
            (drop (call $environ_get (i32.const 1024) (i32.const 8192)))
            (call $dump (i32.load (i32.const 8)))
            (call $write (i32.const 20) (i32.const 3))
            (block $eof (loop $more
              (i32.store (i32.const 0) (i32.const 131072))
              (i32.store (i32.const 4) (i32.const 65536))
              (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
              (local.set $n (i32.load (i32.const 8)))
              (br_if $eof (i32.eqz (local.get $n)))
              (call $write (i32.const 131072) (local.get $n))
              (br $more)))))
        """;

    public sealed record Output(IReadOnlyList<string> Args, IReadOnlyList<KeyValuePair<string, string>> Env, string Body)
    {
        public string this[string name] => Env.Single(e => e.Key == name).Value;
        public bool Has(string name) => Env.Any(e => e.Key == name);
    }

    public static Output Parse(ReadOnlyMemory<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Span);
        var first = text.IndexOf("--\n", StringComparison.Ordinal);
        var second = text.IndexOf("--\n", first + 3, StringComparison.Ordinal);
        var args = text[..first].Split('\n', StringSplitOptions.None)[..^1];
        var env = text[(first + 3)..second].Split('\n')[..^1]
            .Select(line => line.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : ""))
            .ToList();
        return new Output(args, env, text[(second + 3)..]);
    }
}
