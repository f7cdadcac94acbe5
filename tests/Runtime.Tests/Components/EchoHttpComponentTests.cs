using System.Text;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// A component reads its request through <c>wasi:http/types</c>: <c>incoming-request.method</c> (a known case or
/// <c>other</c>), <c>path-with-query</c>, <c>headers</c> (immutable), <c>fields.get</c>, and its body through
/// <c>consume</c>, <c>incoming-body.stream</c> and <c>input-stream.blocking-read</c>.
/// </summary>
public sealed class EchoHttpComponentTests(EngineFixture fixture)
{
    private static readonly byte[] EchoHttp =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", "echo-http.wasm"));

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("PURGE")]
    public void The_echo_component_answers_with_the_method_the_header_and_the_path_with_query(string method)
    {
        var headers = new HttpFields();
        headers.Entries.Add(new("x-echo", "first"u8.ToArray()));
        headers.Entries.Add(new("x-echo", "second"u8.ToArray()));
        headers.Entries.Add(new("accept", "*/*"u8.ToArray()));

        var response = Serve(new HttpIncomingRequest(method, "/run/echo-http/a/b?x=1&y=%20", headers) { Body = "ping"u8.ToArray() });

        // The guest traps unless appending to the request's own headers is header-error.immutable.
        Assert.Null(response.Failure);
        Assert.Equal(200, response.Status);
        Assert.Equal([("x-method", method), ("x-echo", "first")],
            response.Headers.Select(h => (h.Key, Encoding.ASCII.GetString(h.Value))));
        Assert.Equal("/run/echo-http/a/b?x=1&y=%20ping", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void A_body_longer_than_one_read_comes_back_whole_in_order()
    {
        // The guest reads at most 4 KiB at a time: 10 000 bytes take three reads, then closed.
        var body = Enumerable.Range(0, 10_000).Select(i => (byte)('a' + i % 26)).ToArray();

        var response = Serve(new HttpIncomingRequest("POST", "/p", new HttpFields()) { Body = body });

        Assert.Null(response.Failure);
        Assert.Equal([.. "/p"u8, .. body], response.Body.ToArray());
    }

    [Fact]
    public void Without_the_header_the_component_answers_with_the_method_only()
    {
        var response = Serve(new HttpIncomingRequest("POST", "/run/echo-http/", new HttpFields()));

        Assert.Null(response.Failure);
        Assert.Equal([("x-method", "POST")], response.Headers.Select(h => (h.Key, Encoding.ASCII.GetString(h.Value))));
        Assert.Equal("/run/echo-http/", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void A_response_body_past_the_output_cap_is_output_too_large_like_a_wagi_modules_stdout()
    {
        var body = new byte[5000];

        var response = Serve(new HttpIncomingRequest("POST", "/p", new HttpFields()) { Body = body }, maxBodyBytes: 4096);

        Assert.Equal(WagiFailureKind.OutputTooLarge, response.FailureKind);
        Assert.Equal("the handler's response body passed 4096 bytes", response.Failure);
    }

    private HttpComponentResponse Serve(HttpIncomingRequest request, long maxBodyBytes = long.MaxValue)
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.Compile(engine.NativeEngine, "echo-http", EchoHttp);
        return HttpComponentRunner.Run(engine, linker, component, request, TimeSpan.FromSeconds(30), 16L * 1024 * 1024, maxBodyBytes);
    }
}
