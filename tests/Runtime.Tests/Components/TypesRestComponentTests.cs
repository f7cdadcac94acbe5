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
    public void Zeroes_past_the_output_cap_fail_the_stream_and_the_request_is_output_too_large()
    {
        var response = Serve(new HttpIncomingRequest("POST", "/", new HttpFields()) { Body = "..ping"u8.ToArray() }, maxBodyBytes: 5);

        Assert.Equal(WagiFailureKind.OutputTooLarge, response.FailureKind);
        Assert.Equal("the handler's response body passed 5 bytes", response.Failure);
    }

    private HttpComponentResponse Serve(HttpIncomingRequest request, long maxBodyBytes = long.MaxValue)
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.Compile(engine.NativeEngine, "types-rest", TypesRest);
        return HttpComponentRunner.Run(engine, linker, component, request, TimeSpan.FromSeconds(30), 16L * 1024 * 1024, maxBodyBytes);
    }
}
