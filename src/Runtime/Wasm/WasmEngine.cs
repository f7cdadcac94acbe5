using Mik.Durable.Runtime.Components;
using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// The one Wasmtime engine of the process (docs/wagi.md): epoch interruption with one ticker, the pooling allocator,
/// the two shared linkers WAGI handlers are instantiated with, and the component linker of <c>wasi:http</c> handlers.
/// The component model needs no setting: Wasmtime enables it by default; its concurrency support is turned off (a
/// Wasmtime bug, docs/components.md), which Wasmtime checks when it loads an artifact, hence the fingerprint.
/// </summary>
internal sealed class WasmEngine : IDisposable
{
    private readonly EpochTicker _ticker;
    private readonly Linker _wasmtimeWasi;
    private readonly Module _trampoline;

    public WasmEngine(WasmEngineOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new WasmEngineOptions();
        Time = time ?? TimeProvider.System;

        var instances = (uint)Options.MaxInstances;
        using var pooling = new PoolingAllocationConfig()
            .WithMaxCoreInstances(instances)
            .WithMaxMemories(instances)
            .WithMaxTables(instances)
            .WithMaxMemorySize((nuint)Options.MaxMemoryBytes)
            .WithLinearMemoryKeepResidentBytes((nuint)Options.KeepResidentBytes)
            .WithTableKeepResidentBytes(64 * 1024);
        using var config = new Config()
            .WithEpochInterruption(true)
            .WithPoolingAllocationStrategy(pooling);
        // Concurrency support is the component model's async (WASI 0.3) machinery, which mik does not use; with it on,
        // Wasmtime 50.0.1 traps a host call that takes a list of two or more borrows, such as wasi:io/poll's poll
        // (docs/components.md). Off, a component call keeps its borrows in the plain per-call scope.
        WasmtimeApi.wasmtime_config_concurrency_support_set(WasmtimeHandles.Of(config), false);
        Engine = new Wasmtime.Engine(config);

        NativeEngine = WasmtimeHandles.Of(Engine);
        ManagedLinker = new ManagedWasiLinker(Engine);
        WasiLinker = new Linker(Engine);
        WasiLinker.DefineWasi();
        // Wasmtime's WASI as it comes, for the functions WasiLinker shadows to call.
        _wasmtimeWasi = new Linker(Engine);
        _wasmtimeWasi.DefineWasi();
        _trampoline = Module.FromText(Engine, "mik-wasi-trampoline", WasiTrampoline.Wat);
        WasiLinker.AllowShadowing = true;
        WasiClockWait.Define(WasiLinker);
        WasiVolumeWrites.Define(WasiLinker);
        WasiLinker.AllowShadowing = false;
        ComponentLinker = new HttpComponentLinker(NativeEngine);

        _ticker = new EpochTicker(Engine, Options.EpochTick, Time);
    }

    public WasmEngineOptions Options { get; }
    public Wasmtime.Engine Engine { get; }
    public TimeProvider Time { get; }

    /// <summary>The engine's <c>wasm_engine_t*</c>, for Stores made through the C API.</summary>
    internal IntPtr NativeEngine { get; }

    /// <summary>Linker with the managed WASI subset: for modules without volumes.</summary>
    internal ManagedWasiLinker ManagedLinker { get; }

    /// <summary>
    /// Linker with Wasmtime's WASI: for modules with volumes. Its Stores must get a WASI configuration and
    /// <see cref="NewRunLimits"/> as their data: <c>poll_oneoff</c> is bounded by the deadline (<see cref="WasiClockWait"/>),
    /// writes to files by <c>max_volume_write_mb</c> (<see cref="WasiVolumeWrites"/>).
    /// </summary>
    internal Linker WasiLinker { get; }

    /// <summary>The data of a Store on <see cref="WasiLinker"/>.</summary>
    internal WasiRunLimits NewRunLimits(Store store, TimeSpan timeout, long volumeWriteBytes) =>
        new(store, _trampoline, _wasmtimeWasi, Time, timeout, volumeWriteBytes);

    /// <summary>Linker with mik's host side of <c>wasi:http</c>: for components (docs/components.md).</summary>
    internal HttpComponentLinker ComponentLinker { get; }

    /// <summary>Version of the Wasmtime package, e.g. <c>50.0.1</c> (for <c>mik_build_info</c> and AOT headers).</summary>
    public static string WasmtimeVersion { get; } =
        (Attribute.GetCustomAttribute(typeof(Wasmtime.Engine).Assembly, typeof(System.Reflection.AssemblyInformationalVersionAttribute))
            as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>
    /// Identifies everything that shapes compiled code, for the AOT cache key (docs/runtime.md). Pool sizes and memory
    /// caps are left out on purpose: they do not change the code, so changing them must not invalidate artifacts.
    /// </summary>
    public static string CompilationFingerprint { get; } =
        $"wasmtime={WasmtimeVersion};epoch_interruption=on;memory=default;concurrency_support=off";

    /// <summary>Compiles a module; throws <see cref="WasmtimeException"/> for invalid wasm.</summary>
    public Module Compile(string name, ReadOnlySpan<byte> wasm) =>
        CoreModuleTypes.Refusal(wasm) is { } refusal ? throw new WasmtimeException(refusal) : Module.FromBytes(Engine, name, wasm);

    /// <summary>Compiles a module from the WebAssembly text format (tests, examples).</summary>
    public Module CompileText(string name, string wat) => Module.FromText(Engine, name, wat);

    /// <summary>Epoch deadline, in ticks from now, that ends no earlier than <paramref name="timeout"/> of wall time.</summary>
    public ulong TicksFor(TimeSpan timeout) => _ticker.TicksFor(timeout);

    public void Dispose()
    {
        _ticker.Dispose();
        ManagedLinker.Dispose();
        WasiLinker.Dispose();
        _wasmtimeWasi.Dispose();
        _trampoline.Dispose();
        ComponentLinker.Dispose();
        Engine.Dispose();
    }
}
