using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// A compiled handler ready to run: the module, its settings, and its imports linked once against a clone of the
/// shared linker in which every import the linker lacks is a trap, so a missing import fails the request that
/// calls it instead of every instantiation. Owns (and disposes) the <see cref="Wasmtime.Module"/>.
/// </summary>
internal sealed class WagiModule : IDisposable
{
    private readonly HashSet<string> _callable;

    public WagiModule(WasmEngine engine, string name, Module module, WagiModuleSettings settings)
    {
        Name = name;
        Module = module;
        Settings = settings;
        MaxMemoryBytes = Math.Min(settings.MaxMemoryBytes, engine.Options.MaxMemoryBytes);
        try
        {
            // Cloned per module: DefineUnknownImportsAsTraps adds this module's imports, with this module's signatures.
            if (UsesWasmtimeWasi)
            {
                Linker = engine.WasiLinker.Clone();
                Linker.DefineUnknownImportsAsTraps(module);
            }
            else
            {
                InstancePre = engine.ManagedLinker.Prepare(module);
            }
        }
        catch (WasmtimeException e)
        {
            LinkProblem = $"cannot link the module's imports: {e.Message}";
        }
        _callable = module.Exports.OfType<FunctionExport>()
            .Where(f => f.Parameters.Count == 0 && f.Results.Count == 0)
            .Select(f => f.Name)
            .ToHashSet(StringComparer.Ordinal);
        ExportsRoutes = IsCallable(WagiRoutes.Export);
        ReadsEnvironment = Imports(module, "environ_get", "environ_sizes_get");
        ReadsArguments = Imports(module, "args_get", "args_sizes_get");
        if (!IsCallable(settings.Entrypoint))
            EntrypointProblem = GuestRun.NoEntrypoint(settings.Entrypoint);
    }

    public string Name { get; }
    public Module Module { get; }
    public WagiModuleSettings Settings { get; }

    /// <summary>The memory cap in force: the module's, unless the engine's pool is smaller.</summary>
    public long MaxMemoryBytes { get; }

    /// <summary>
    /// Why requests to this module will fail with <c>instantiate_failed</c>, for a start-up WARN; null when nothing
    /// is known to be wrong. (Sub-routes of <c>_routes</c> may still work when only the entrypoint is missing.)
    /// </summary>
    public string? Problem => LinkProblem ?? EntrypointProblem;

    /// <summary>Whether the module exports <c>_routes</c>; see <see cref="WagiExecutor.DiscoverRoutes"/>.</summary>
    public bool ExportsRoutes { get; }

    /// <summary>
    /// Whether the guest can see an environment at all (it imports <c>environ_get</c> or <c>environ_sizes_get</c>).
    /// One that cannot is given none: building and encoding the ~20 WAGI variables per request would be for nobody.
    /// </summary>
    public bool ReadsEnvironment { get; }

    /// <summary>Whether the guest can see its argv (it imports <c>args_get</c> or <c>args_sizes_get</c>).</summary>
    public bool ReadsArguments { get; }

    /// <summary>Set when no request can work: the imports cannot be linked at all.</summary>
    internal string? LinkProblem { get; }

    private string? EntrypointProblem { get; }

    /// <summary>Volumes need real WASI file descriptors, which the managed subset does not have.</summary>
    public bool UsesWasmtimeWasi => Settings.Volumes.Count > 0;

    /// <summary>The module's own linker, for modules with volumes (Wasmtime's WASI); null for the others.</summary>
    internal Linker? Linker { get; }

    /// <summary>The module pre-linked with the managed WASI subset; null with volumes or when it cannot link.</summary>
    internal InstancePreHandle? InstancePre { get; }

    /// <summary>Whether the module exports <paramref name="function"/> without parameters and results.</summary>
    public bool IsCallable(string function) => _callable.Contains(function);

    // By function name under any import module: a WASI by another module name still counts as reading it.
    private static bool Imports(Module module, params string[] functions) =>
        module.Imports.OfType<FunctionImport>().Any(i => functions.Contains(i.Name));

    public void Dispose()
    {
        Linker?.Dispose();
        InstancePre?.Dispose();
        Module.Dispose();
    }
}
