using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// Why mik defines wasi:cli, wasi:clocks, wasi:random and wasi:filesystem itself (docs/components.md): Wasmtime's
/// <c>wasmtime_component_linker_add_wasip2</c> brings its own <c>wasi:io</c> with them, at <c>0.2.12</c>, newer than
/// mik's, so the linker then serves a guest's <c>wasi:io@0.2.x</c> imports from Wasmtime's types, not mik's, and the
/// response body's stream mik hands out no longer fits the guest.
/// </summary>
public sealed class WasmtimeWasip2Tests(EngineFixture fixture)
{
    [Fact]
    public void Wasmtimes_wasip2_beside_miks_wasi_io_takes_the_guests_wasi_io_imports_over()
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);

        // Accepted: a different version (0.2.12) is no duplicate of mik's 0.2.6.
        Assert.Equal(IntPtr.Zero, ComponentApi.wasmtime_component_linker_add_wasip2(linker.Native));

        using var component = HttpComponent.CompileText(engine.NativeEngine, "hello-http", ComponentText.HelloHttp);
        var response = HttpComponentRunner.Run(engine, linker, component, new HttpIncomingRequest("GET", "/", new HttpFields()),
            TimeSpan.FromSeconds(30), 16L * 1024 * 1024);

        // hello-http's wasi:io@0.2.0 is now Wasmtime's: the output-stream of mik's outgoing-body.write is refused.
        Assert.Equal(WagiFailureKind.HandlerTrap, response.FailureKind);
        Assert.Equal("the handler trapped: mismatched resource types", response.Failure);
    }
}
