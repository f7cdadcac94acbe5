using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;
using Wasmtime;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wasm;

public sealed class WasmEngineTests
{
    [Fact]
    public void A_module_compiled_by_one_engine_runs_from_its_artifact_in_an_engine_sized_differently()
    {
        using var first = new WasmEngine(new WasmEngineOptions { MaxInstances = 2, MaxMemoryBytes = 1024 * 1024 });
        using var second = new WasmEngine(new WasmEngineOptions { MaxInstances = 3, MaxMemoryBytes = 2 * 1024 * 1024 });
        byte[] artifact;
        using (var compiled = first.CompileText("hello", Wat.Respond("Content-Type: text/plain\n\nfrom artifact")))
            artifact = compiled.Serialize();

        using var module = new WagiModule(second, "hello", Module.Deserialize(second.Engine, "hello", artifact),
            new WagiModuleSettings { MaxMemoryBytes = 1024 * 1024 });
        using var result = new WagiExecutor(second).Execute(module, GuestHost.Get("/run/hello"));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.StartsWith("wasmtime=50.0.1;", WasmEngine.CompilationFingerprint);
    }

    [Fact]
    public void Invalid_wasm_fails_to_compile_with_a_wasmtime_error()
    {
        using var engine = new WasmEngine(new WasmEngineOptions { MaxInstances = 1, MaxMemoryBytes = 1024 * 1024 });

        Assert.Throws<WasmtimeException>(() => engine.Compile("junk", "\0asm but not really"u8));
    }
}
