using System.Text;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// <c>wasi:io/poll</c> over several pollables at once, as wasi-libc and StarlingMonkey call it: every index comes back.
/// </summary>
public sealed class PollComponentTests(EngineFixture fixture)
{
    [Fact]
    public void Poll_over_two_pollables_answers_both_indexes()
    {
        // hello-http that subscribes to its output stream twice and polls [p, q]: both are ready, so [0, 1] comes back.
        using var result = Run(ComponentText.HelloHttpWith(
            ("(import \"wasi:io/streams@0.2.0\" (instance $streams",
                """
                (import "wasi:io/poll@0.2.0" (instance $poll
                    (export "pollable" (type $pollable (sub resource)))
                    (export "poll" (func (param "in" (list (borrow $pollable))) (result (list u32))))))
                  (alias export $poll "pollable" (type $pollable-t))
                  (import "wasi:io/streams@0.2.0" (instance $streams
                    (alias outer 1 $pollable-t (type $pollable-outer))
                    (export "pollable" (type $pollable (eq $pollable-outer)))
                """),
            ("(export \"[method]output-stream.blocking-write-and-flush\"",
                """
                (export "[method]output-stream.subscribe" (func (param "self" (borrow $output-stream)) (result (own $pollable))))
                    (export "[method]output-stream.blocking-write-and-flush"
                """),
            ("(core func $stream-drop (canon resource.drop $output-stream-t))",
                """
                (core func $stream-drop (canon resource.drop $output-stream-t))
                  (core func $subscribe (canon lower (func $streams "[method]output-stream.subscribe")))
                  (core func $poll-list (canon lower (func $poll "poll") (memory $mem) (realloc $realloc)))
                  (core func $pollable-drop (canon resource.drop $pollable-t))
                """),
            ("(import \"host\" \"stream-write\" (func $stream-write (param i32 i32 i32 i32)))",
                """
                (import "host" "stream-write" (func $stream-write (param i32 i32 i32 i32)))
                    (import "host" "subscribe" (func $subscribe (param i32) (result i32)))
                    (import "host" "poll-list" (func $poll-list (param i32 i32 i32)))
                    (import "host" "pollable-drop" (func $pollable-drop (param i32)))
                """),
            (";; The stream is a child",
                """
                (i32.store (i32.const 0x300) (call $subscribe (local.get $stream)))
                      (i32.store (i32.const 0x304) (call $subscribe (local.get $stream)))
                      (call $poll-list (i32.const 0x300) (i32.const 2) (i32.const 0x310))
                      (if (i32.ne (i32.load (i32.const 0x314)) (i32.const 2)) (then unreachable))
                      (if (i32.ne (i32.load (i32.load (i32.const 0x310))) (i32.const 0)) (then unreachable))
                      (if (i32.ne (i32.load offset=4 (i32.load (i32.const 0x310))) (i32.const 1)) (then unreachable))
                      (call $pollable-drop (i32.load (i32.const 0x300)))
                      (call $pollable-drop (i32.load (i32.const 0x304)))
                      ;; The stream is a child
                """),
            ("(export \"stream-write\" (func $stream-write))",
                """
                (export "stream-write" (func $stream-write)) (export "subscribe" (func $subscribe))
                      (export "poll-list" (func $poll-list)) (export "pollable-drop" (func $pollable-drop))
                """)));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("Hello from a component\n", Encoding.UTF8.GetString(result.Response!.Body.Span));
    }

    private WagiResult Run(string text)
    {
        var engine = fixture.Engine;
        var settings = new WagiModuleSettings { Timeout = TimeSpan.FromSeconds(30) };
        using var module = new ComponentModule(engine, HttpComponent.CompileText(engine.NativeEngine, "hello-http", text), settings);
        return new ComponentExecutor(engine).Execute(module, GuestHost.Get("/run/hello-http/"));
    }
}
