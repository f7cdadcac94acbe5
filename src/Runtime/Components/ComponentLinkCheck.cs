using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Wasmtime;
using static Mik.Durable.Runtime.Components.ComponentApi;
using static Mik.Durable.Runtime.Wasm.WasmtimeApi;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// Each import of a component that mik's linker (<see cref="HttpComponentLinker"/>) does not provide, found by dry
/// links rather than by a list of what mik defines, so it stays right as the linker grows. Wasmtime names only the
/// first import it cannot resolve; that one is then stubbed (a function that fails, a resource of its own) and the
/// link tried again, until it resolves or an import has a type mik's definition does not match.
/// </summary>
internal static unsafe partial class ComponentLinkCheck
{
    // A component has a few dozen imports at most; the bound only keeps a surprise from looping.
    private const int MaxRounds = 512;
    private const uint StubResourceBase = 0x7fff_0000;

    /// <summary>One line per import mik does not provide; empty when the component links here.</summary>
    public static IReadOnlyList<string> Unprovided(IntPtr engine, HttpComponent component)
    {
        var stubs = new List<Stub>();
        var found = new List<string>();
        for (var round = 0; round < MaxRounds; round++)
        {
            using var linker = new HttpComponentLinker(engine);
            try
            {
                DefineStubs(linker.Native, stubs);
            }
            catch (WasmtimeException e)
            {
                found.Add(FirstLine(e.Message));
                return found;
            }
            var error = DryLink(engine, linker.Native, component.Native);
            // Anything but an unresolved import (a start function that traps, say) is not the linker's to judge.
            if (error is null || !error.StartsWith("component imports ", StringComparison.Ordinal)) return found;
            var missing = MissingPattern().Match(error);
            if (!missing.Success)
            {
                found.Add(FirstLine(error));
                return found;
            }
            var (kind, name, export, what) = (missing.Groups["kind"].Value, missing.Groups["name"].Value,
                missing.Groups["export"].Value, missing.Groups["what"].Value);
            var stub = kind == "instance" ? new Stub(name, export, what) : new Stub(null, name, kind == "resource" ? "resource" : what);
            if (stubs.Contains(stub))
            {
                found.Add(FirstLine(error));
                return found;
            }
            stubs.Add(stub);
            found.Add(stub.Instance is null ? $"imports {stub.Kind} {stub.Name}, which mik does not provide"
                : $"imports {stub.Kind} {stub.Name} of {stub.Instance}, which mik does not provide");
        }
        return found;
    }

    private static string? DryLink(IntPtr engine, IntPtr linker, IntPtr component)
    {
        // No data, and the store's epoch deadline is 0: should anything run while instantiating, it stops at once.
        var store = wasmtime_store_new(engine, IntPtr.Zero, IntPtr.Zero);
        try
        {
            HandleBuffer instance;
            var error = wasmtime_component_linker_instantiate(linker, wasmtime_store_context(store), component, &instance);
            return error == IntPtr.Zero ? null : Wasm.NativeFailure.Take(error, IntPtr.Zero).Message;
        }
        finally
        {
            wasmtime_store_delete(store);
        }
    }

    private static void DefineStubs(IntPtr linker, List<Stub> stubs)
    {
        var root = wasmtime_component_linker_root(linker);
        try
        {
            for (var i = 0; i < stubs.Count; i++)
            {
                var stub = stubs[i];
                if (stub.Instance is null)
                {
                    Define(root, stub, StubResourceBase + (uint)i);
                    continue;
                }
                IntPtr instance;
                var name = Encoding.UTF8.GetBytes(LinkerName(stub.Instance));
                fixed (byte* bytes = name) Check(wasmtime_component_linker_instance_add_instance(root, bytes, (nuint)name.Length, out instance));
                try
                {
                    Define(instance, stub, StubResourceBase + (uint)i);
                }
                finally
                {
                    wasmtime_component_linker_instance_delete(instance);
                }
            }
        }
        finally
        {
            wasmtime_component_linker_instance_delete(root);
        }
    }

    private static void Define(IntPtr instance, Stub stub, uint resourceType)
    {
        var name = Encoding.UTF8.GetBytes(stub.Name);
        fixed (byte* bytes = name)
        {
            if (stub.Kind != "resource")
            {
                Check(wasmtime_component_linker_instance_add_func(instance, bytes, (nuint)name.Length, &Refuse, IntPtr.Zero, IntPtr.Zero));
                return;
            }
            var type = wasmtime_component_resource_type_new_host(resourceType);
            try
            {
                Check(wasmtime_component_linker_instance_add_resource(instance, bytes, (nuint)name.Length, type, &Forget, IntPtr.Zero, IntPtr.Zero));
            }
            finally
            {
                wasmtime_component_resource_type_delete(type);
            }
        }
    }

    // mik defines every 0.2 interface at one version; a stub must extend that definition, not shadow it.
    private static string LinkerName(string instance) =>
        VersionPattern().Replace(instance, "@" + HttpComponentLinker.Version);

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static void Check(IntPtr error)
    {
        if (error != IntPtr.Zero) throw new WasmtimeException(Wasm.NativeFailure.Take(error, IntPtr.Zero).Message);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static IntPtr Refuse(IntPtr env, IntPtr context, IntPtr func, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        wasmtime_error_new("not provided by mik");

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static IntPtr Forget(IntPtr env, IntPtr context, uint rep) => IntPtr.Zero;

    [GeneratedRegex(@"^component imports (?<kind>\w+) `(?<name>[^`]+)`(?:[\s\S]*?instance export `(?<export>[^`]+)` has the wrong type[\s\S]*?(?<what>function|resource) implementation is missing)?")]
    private static partial Regex MissingPattern();

    [GeneratedRegex(@"@0\.2\.\d+$")]
    private static partial Regex VersionPattern();

    private sealed record Stub(string? Instance, string Name, string Kind);
}
