using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>fields</c> as a whole: <c>entries</c>, <c>clone</c> and <c>[static]fields.from-list</c>. An entry is a
/// <c>tuple&lt;field-name, field-value&gt;</c>; from-list refuses what <c>append</c> refuses, with the same case.
/// </summary>
internal static unsafe class HttpFieldsListHost
{
    /// <summary><c>WASMTIME_COMPONENT_TUPLE</c>: a value list at offset 8, laid out and freed like a list's.</summary>
    private const byte KindTuple = 15;

    /// <summary><c>[method]fields.entries -&gt; list&lt;tuple&lt;field-name, field-value&gt;&gt;</c>: in order, repeats kept.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Entries(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var entries = State(context).Get<HttpFields>(Rep(context, args[0], HttpResource.Fields)).Entries;
            var list = ComponentBytes.List(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                // The C API's tuple and list vectors are one type, so a list allocation serves the tuple.
                var entry = ComponentBytes.List(2);
                entry.Kind = KindTuple;
                entry.ListData[0] = ComponentBytes.FromText(entries[i].Key);
                entry.ListData[1] = ComponentBytes.FromBytes(entries[i].Value);
                list.ListData[i] = entry;
            }
            results[0] = list;
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]fields.clone -&gt; own&lt;fields&gt;</c>: a copy, mutable even when the original is not.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Clone(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var copy = new HttpFields();
            copy.Entries.AddRange(state.Get<HttpFields>(Rep(context, args[0], HttpResource.Fields)).Entries);
            results[0] = Own(context, HttpResource.Fields, state.Add(copy));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>[static]fields.from-list(entries: list&lt;tuple&lt;field-name, field-value&gt;&gt;) -&gt;
    /// result&lt;own&lt;fields&gt;, header-error&gt;</c>: every entry as <c>append</c> takes it, or the first refusal.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr FromList(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var fields = new HttpFields();
            for (nuint i = 0; i < args[0].ListSize; i++)
            {
                var entry = args[0].ListData[i];
                if (entry.Kind != KindTuple || entry.ListSize != 2) throw new InvalidOperationException("expected a (name, value) entry");
                if (fields.Append(ComponentBytes.ToText(entry.ListData[0]), ComponentBytes.ToArray(entry.ListData[1])) is { } refusal)
                {
                    results[0] = ComponentVal.Err(ComponentVal.Case(refusal));
                    return IntPtr.Zero;
                }
            }
            results[0] = ComponentVal.Ok(Own(context, HttpResource.Fields, State(context).Add(fields)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
