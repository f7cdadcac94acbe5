using System.Text;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Wasmtime;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// The proof of issue 16's first step: a <c>wasi:http/incoming-handler</c> component, served through Wasmtime's
/// C API by mik's own host side of <c>wasi:http/types</c>, answers 200 with its body (docs/components.md).
/// </summary>
public sealed class HelloHttpComponentTests(EngineFixture fixture)
{
    private static readonly byte[] HelloHttp =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", "hello-http.wasm"));

    [Fact]
    public void The_hello_component_answers_200_with_its_body()
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.Compile(engine.NativeEngine, "hello-http", HelloHttp);

        var response = Serve(component, linker);

        Assert.Null(response.Failure);
        Assert.Equal(200, response.Status);
        Assert.Empty(response.Headers);
        Assert.Equal("Hello from a component\n", Encoding.UTF8.GetString(response.Body.Span));
        Assert.True(response.BodyFinished);
    }

    [Fact]
    public void One_compiled_component_serves_request_after_request_each_in_its_own_store()
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.Compile(engine.NativeEngine, "hello-http", HelloHttp);

        var bodies = Enumerable.Range(0, 3).Select(_ => Encoding.UTF8.GetString(Serve(component, linker).Body.Span));

        Assert.All(bodies, body => Assert.Equal("Hello from a component\n", body));
    }

    [Fact]
    public void A_component_is_told_apart_from_a_core_module_by_its_header()
    {
        var module = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "hello.wasm"));

        Assert.True(HttpComponent.IsComponent(HelloHttp));
        Assert.False(HttpComponent.IsComponent(module));
    }

    [Fact]
    public void A_core_module_is_refused_as_a_component_with_wasmtimes_reason()
    {
        var engine = fixture.Engine;
        var module = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "hello.wasm"));

        var refused = Assert.Throws<WasmtimeException>(() => HttpComponent.Compile(engine.NativeEngine, "hello", module));

        Assert.Contains("component", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    private HttpComponentResponse Serve(HttpComponent component, HttpComponentLinker linker) =>
        HttpComponentRunner.Run(fixture.Engine, linker, component,
            new HttpIncomingRequest("GET", "/run/hello-http/", new HttpFields()), TimeSpan.FromSeconds(30), 16L * 1024 * 1024);
}
