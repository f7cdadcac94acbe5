using System.Text;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// c-http, a component built by the C toolchain (clang-14 + wasi-libc, the preview1 adapter by jco; it imports
/// wasi:http@0.2.12 and, through the adapter, wasi:cli and wasi:filesystem), runs through the component executor.
/// </summary>
public sealed class ToolchainComponentTests(EngineFixture fixture)
{
    private static readonly byte[] CHttp =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", "c-http.wasm"));

    [Fact]
    public void The_C_component_answers_the_chosen_status_and_headers_and_its_stderr_line_is_kept()
    {
        using var result = Run("/run/c-http/status?code=418");

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(418, result.Response!.Status);
        Assert.Equal(
            [new("x-chosen", "418"), new("x-multi", "one"), new("x-multi", "two"), new("x-toolchain", "c")],
            result.Response.Headers.Where(h => h.Key.StartsWith("x-", StringComparison.Ordinal)));
        Assert.Equal("status chosen\n", Encoding.UTF8.GetString(result.Response.Body.Span));
        Assert.Equal(["c-http: GET /run/c-http/status?code=418"], result.StderrLines);
    }

    [Fact]
    public void The_C_component_returning_without_a_response_is_invalid_handler_output()
    {
        using var result = Run("/run/c-http/none");

        Assert.Equal(WagiFailureKind.InvalidHandlerOutput, result.Failure?.Kind);
    }

    [Fact]
    public void The_C_component_is_known_by_the_handler_version_it_exports()
    {
        using var component = HttpComponent.Compile(fixture.Engine.NativeEngine, "c-http", CHttp);

        Assert.Equal("wasi:http/incoming-handler@0.2.12", component.HandlerExport);
    }

    private WagiResult Run(string path)
    {
        var engine = fixture.Engine;
        using var module = new ComponentModule(engine, HttpComponent.Compile(engine.NativeEngine, "c-http", CHttp), new WagiModuleSettings());
        return new ComponentExecutor(engine).Execute(module, GuestHost.Get(path));
    }
}
