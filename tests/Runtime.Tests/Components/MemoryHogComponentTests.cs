using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// A component's memory stops at the module's cap, as a WAGI module's does: the growth past it is refused and the
/// guest fails. What it cannot be yet is told apart from any other trap (docs/components.md, memory_limit).
/// </summary>
public sealed class MemoryHogComponentTests(EngineFixture fixture)
{
    private static readonly string MemoryHog =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "guests", "components", "memory-hog.wat"));

    [Fact]
    public void A_component_growing_its_memory_is_refused_at_the_modules_cap_and_fails_500()
    {
        // memory-hog, but once refused it loops for ever unless its memory is within the 2 MiB (32 pages) cap: a
        // timeout would mean the cap did not hold; the trap means it did.
        var text = MemoryHog.Replace("      unreachable))",
            "      (if (i32.le_u (memory.size) (i32.const 32)) (then unreachable))\n      (loop $forever (br $forever))))",
            StringComparison.Ordinal);
        Assert.NotEqual(MemoryHog, text);

        using var result = Run(text, maxMemoryBytes: 2 * 1024 * 1024);

        Assert.Equal(500, result.Failure?.HttpStatus);
        Assert.Equal("handler_trap", result.Failure!.Code);
        Assert.StartsWith("the handler trapped: wasm trap: wasm `unreachable` instruction executed", result.Failure.Message);
    }

    private WagiResult Run(string text, long maxMemoryBytes)
    {
        var engine = fixture.Engine;
        var settings = new WagiModuleSettings { Timeout = TimeSpan.FromSeconds(30), MaxMemoryBytes = maxMemoryBytes };
        using var module = new ComponentModule(engine, HttpComponent.CompileText(engine.NativeEngine, "memory-hog", text), settings);
        return new ComponentExecutor(engine).Execute(module, GuestHost.Get("/run/memory-hog/"));
    }
}
