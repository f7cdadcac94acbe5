using System.Text;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// The rest of <c>wasi:http/types</c> and <c>wasi:io/streams</c>: <c>fields.from-list</c> (with append's refusals),
/// <c>entries</c>, <c>clone</c>, the request's <c>scheme</c> and <c>authority</c>, <c>input-stream.skip</c>,
/// <c>output-stream.splice</c> and <c>write-zeroes</c>, <c>incoming-body.finish</c> and its <c>future-trailers</c>,
/// and <c>outgoing-body.finish</c> with trailers. The types-rest guest traps if any answer has another shape.
/// </summary>
public sealed class TypesRestComponentTests(EngineFixture fixture)
{
    private static readonly byte[] TypesRest =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", "types-rest.wasm"));

    [Fact]
    public void The_component_answers_with_headers_from_a_list_the_scheme_the_authority_and_the_spliced_body()
    {
        var response = Serve(new HttpIncomingRequest("POST", "/run/types-rest/", new HttpFields())
        {
            Body = "..ping"u8.ToArray(), Scheme = "https", Authority = "example.test:8443",
        });

        Assert.Null(response.Failure);
        Assert.Equal(200, response.Status);
        Assert.Equal([("x-from-list", "1"), ("x-from-list", "2"), ("x-scheme", "https"), ("x-authority", "example.test:8443")],
            response.Headers.Select(h => (h.Key, Encoding.ASCII.GetString(h.Value))));
        // Two bytes skipped, the rest spliced, three zeroes written; the trailers given to finish are dropped.
        Assert.Equal("ping\0\0\0", Encoding.ASCII.GetString(response.Body.Span));
        Assert.True(response.BodyFinished);
    }

    [Fact]
    public void A_request_without_a_host_header_has_no_authority_and_plain_http_is_the_http_scheme()
    {
        var response = Serve(new HttpIncomingRequest("GET", "/", new HttpFields()));

        Assert.Null(response.Failure);
        Assert.Equal([("x-from-list", "1"), ("x-from-list", "2"), ("x-scheme", "http")],
            response.Headers.Select(h => (h.Key, Encoding.ASCII.GetString(h.Value))));
        Assert.Equal("\0\0\0", Encoding.ASCII.GetString(response.Body.Span));
    }

    [Fact]
    public void Served_without_a_host_header_the_authority_is_the_servers_default_host()
    {
        // StarlingMonkey (componentize-js) traps on a request without an authority, as Wasmtime never hands one out.
        var request = new WagiRequest { Method = "GET", RawPath = "/run/types-rest/", RoutePrefix = "/run/types-rest", DefaultHost = "localhost:3000" };
        var settings = new WagiModuleSettings { Timeout = TimeSpan.FromSeconds(30) };
        var engine = fixture.Engine;
        using var module = new ComponentModule(engine, HttpComponent.Compile(engine.NativeEngine, "types-rest", TypesRest), settings);
        using var result = new ComponentExecutor(engine).Execute(module, request);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Contains(new KeyValuePair<string, string>("x-authority", "localhost:3000"), result.Response!.Headers);
    }

    [Fact]
    public void Zeroes_past_the_output_cap_fail_the_stream_and_the_request_is_output_too_large()
    {
        var response = Serve(new HttpIncomingRequest("POST", "/", new HttpFields()) { Body = "..ping"u8.ToArray() }, maxBodyBytes: 5);

        Assert.Equal(WagiFailureKind.OutputTooLarge, response.FailureKind);
        Assert.Equal("the handler's response body passed 5 bytes", response.Failure);
    }

    [Fact]
    public void The_failed_stream_hands_the_guest_an_error_it_can_describe_and_the_request_is_still_output_too_large()
    {
        // types-rest that, when write-zeroes fails, checks it is last-operation-failed, asks the error's
        // to-debug-string (32 bytes: "the response body passed 5 bytes") and http-error-code (none), drops the error
        // and carries on to answer. The cap still decides the outcome.
        var text = WithErrorChecks(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "guests", "components", "types-rest.wat")));

        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.CompileText(engine.NativeEngine, "types-rest", text);
        var response = HttpComponentRunner.Run(engine, linker, component,
            new HttpIncomingRequest("POST", "/", new HttpFields()) { Body = "..ping"u8.ToArray() }, TimeSpan.FromSeconds(30), 16L * 1024 * 1024, 5);

        Assert.Equal(WagiFailureKind.OutputTooLarge, response.FailureKind);
        Assert.Equal("the handler's response body passed 5 bytes", response.Failure);
    }

    private static string WithErrorChecks(string text) =>
        new (string From, string To)[]
        {
            ("""(export "error" (type (sub resource)))))""",
                """
                (export "error" (type $e (sub resource)))
                (export "[method]error.to-debug-string" (func (param "self" (borrow $e)) (result string)))))
                """),
            ("""(export "pollable" (type $pollable (eq $pollable-outer)))""",
                """
                (export "pollable" (type $pollable (eq $pollable-outer)))
                (alias outer 1 $io-error-t (type $io-error-outer))
                (export "io-error" (type $io-error (eq $io-error-outer)))
                """),
            ("""(export "error-code" (type $error-code (eq $error-code-t)))""",
                """
                (export "error-code" (type $error-code (eq $error-code-t)))
                (export "http-error-code" (func (param "err" (borrow $io-error)) (result (option $error-code))))
                """),
            ("""(core func $request-drop (canon resource.drop $incoming-request))""",
                """
                (core func $request-drop (canon resource.drop $incoming-request))
                (core func $to-debug-string
                  (canon lower (func $io-error "[method]error.to-debug-string") (memory $mem) (realloc $realloc)))
                (core func $http-error-code (canon lower (func $types "http-error-code") (memory $mem) (realloc $realloc)))
                (core func $error-drop (canon resource.drop $io-error-t))
                """),
            ("""(import "host" "request-drop" (func $request-drop (param i32)))""",
                """
                (import "host" "request-drop" (func $request-drop (param i32)))
                (import "host" "to-debug-string" (func $to-debug-string (param i32 i32)))
                (import "host" "http-error-code" (func $http-error-code (param i32 i32)))
                (import "host" "error-drop" (func $error-drop (param i32)))
                """),
            ("""
                (call $write-zeroes (local.get $stream) (i64.const 3) (i32.const 0x100))
                      (drop (call $ok))
                """,
                """
                (call $write-zeroes (local.get $stream) (i64.const 3) (i32.const 0x100))
                ;; stream-error at 4: case 0 is last-operation-failed, its error at 8.
                (if (i32.load8_u (i32.const 0x100)) (then
                  (if (i32.load8_u (i32.const 0x104)) (then unreachable))
                  (call $to-debug-string (i32.load (i32.const 0x108)) (i32.const 0x180))
                  (if (i32.ne (i32.load (i32.const 0x184)) (i32.const 32)) (then unreachable))
                  (call $http-error-code (i32.load (i32.const 0x108)) (i32.const 0x1c0))
                  (if (i32.load8_u (i32.const 0x1c0)) (then unreachable))
                  (call $error-drop (i32.load (i32.const 0x108)))))
                """),
            ("""(export "request-drop" (func $request-drop))""",
                """
                (export "request-drop" (func $request-drop)) (export "to-debug-string" (func $to-debug-string))
                (export "http-error-code" (func $http-error-code)) (export "error-drop" (func $error-drop))
                """),
        }.Aggregate(text, (current, change) => current.Contains(change.From, StringComparison.Ordinal)
            ? current.Replace(change.From, change.To, StringComparison.Ordinal)
            : throw new ArgumentException($"types-rest.wat has no '{change.From}'"));

    private HttpComponentResponse Serve(HttpIncomingRequest request, long maxBodyBytes = long.MaxValue)
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.Compile(engine.NativeEngine, "types-rest", TypesRest);
        return HttpComponentRunner.Run(engine, linker, component, request, TimeSpan.FromSeconds(30), 16L * 1024 * 1024, maxBodyBytes);
    }
}
