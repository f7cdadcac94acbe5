using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Files;
using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Api.Cli.Local;

/// <summary>
/// Loads a file as the server would (<see cref="LocalRuntime.Load"/>, so the rules are the runtime's own) and words
/// what stops it, plus what only some requests will meet.
/// </summary>
internal static class ModuleValidator
{
    public static ModuleValidation Validate(LocalRuntime runtime, string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var errors = new List<string>();
        var warnings = new List<string>();
        var imports = new List<string>();
        var exports = new List<string>();
        string? kind = null;
        string? world = null;
        try
        {
            using var loaded = runtime.Load(name, path, out var problem, out var stage, module =>
            {
                imports.AddRange(module.Imports.Select(i => $"{i.ModuleName}.{i.Name}"));
                exports.AddRange(module.Exports.Select(e => e.Name));
                warnings.AddRange(UnprovidedFunctions(runtime, name, module));
            }, component =>
            {
                world = ProxyWorld;
                exports.Add(component.HandlerExport);
                // The server instantiates a component per request: an import it does not provide fails every one.
                errors.AddRange(ComponentLinkCheck.Unprovided(runtime.Engine.NativeEngine, component));
                if (runtime.Config.Modules.GetValueOrDefault(name)?.Volumes.Count > 0) warnings.Add(ComponentVolumesIgnored);
            });
            if (loaded?.Component is not null || IsComponent(path)) kind = "component";
            if (problem is not null)
            {
                errors.Add(stage == LoadStage.Compile
                    ? $"does not compile on this engine (Wasmtime {WasmEngine.WasmtimeVersion}): {CliConventions.OneLine(problem)}"
                    : CliConventions.OneLine(problem));
            }
            else if (loaded!.Problem is { } partial)
            {
                warnings.Add($"only its _routes sub-routes can run: {CliConventions.OneLine(partial)}");
            }
        }
        catch (FileNotFoundException)
        {
            errors.Add("no such file");
        }
        catch (NotARegularFileException e)
        {
            errors.Add(NotRegular(e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add("cannot be read: " + e.Message);
        }
        return new ModuleValidation(path, errors, warnings, imports, exports) { Kind = kind, World = world };
    }

    /// <summary>The world of a component that exports <c>wasi:http/incoming-handler</c> (docs/components.md).</summary>
    public const string ProxyWorld = "wasi:http/proxy";

    /// <summary>Decision (docs/components.md): a component gets no preopened directory yet.</summary>
    public const string ComponentVolumesIgnored =
        "volumes are configured for it, but a component gets no preopened directory yet: they are ignored";

    private static bool IsComponent(string path)
    {
        using var file = new FileStream(RegularFile.OpenRead(path), FileAccess.Read);
        Span<byte> head = stackalloc byte[8];
        return file.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && HttpComponent.IsComponent(head);
    }

    /// <summary>The exception names the file's last segment, which is empty for <c>dir/</c>: say what it is instead.</summary>
    public static string NotRegular(NotARegularFileException e) => $"is {e.Kind.Describe()}, not a regular file: not read";

    // docs/runtime.md, "Problems known at load": a function import nothing provides is linked as a trap, so it fails
    // only the request that calls it; wasi-libc modules import functions they never call.
    private static IEnumerable<string> UnprovidedFunctions(LocalRuntime runtime, string name, Module module)
    {
        var wasmtimeWasi = runtime.Config.Modules.GetValueOrDefault(name)?.Volumes.Count > 0;
        foreach (var import in module.Imports.OfType<FunctionImport>())
        {
            var provided = wasmtimeWasi
                ? import.ModuleName == ManagedWasi.ModuleName
                : ManagedWasi.Provides(import.ModuleName, import.Name);
            if (!provided)
                yield return $"imports function {import.ModuleName}.{import.Name}, which nothing provides here: a request that calls it fails with handler_trap";
        }
    }
}
