using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:cli</c> for a component serving HTTP (docs/components.md): the module's own <c>env</c> settings and its
/// name as the only argument, no working directory, an empty stdin, stdout and stderr as log lines of the module,
/// no terminal, and <c>exit</c> ending the call.
/// </summary>
internal static unsafe class CliHost
{
    /// <summary>What the guest's call ends with after <c>exit</c>; the runner reads the status from the request.</summary>
    public const string ExitMessage = "the component called wasi:cli/exit";

    /// <summary><c>get-environment -&gt; list&lt;tuple&lt;string, string&gt;&gt;</c>: the module's settings, by name.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Environment(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var variables = State(context).World.Environment.OrderBy(v => v.Key, StringComparer.Ordinal).ToArray();
            var list = ComponentBytes.List(variables.Length);
            for (var i = 0; i < variables.Length; i++)
                list.ListData[i] = ComponentValues.Tuple(ComponentBytes.FromText(variables[i].Key), ComponentBytes.FromText(variables[i].Value));
            results[0] = list;
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>get-arguments -&gt; list&lt;string&gt;</c>: the module's name.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Arguments(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var arguments = State(context).World.Arguments;
            var list = ComponentBytes.List(arguments.Count);
            for (var i = 0; i < arguments.Count; i++) list.ListData[i] = ComponentBytes.FromText(arguments[i]);
            results[0] = list;
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>initial-cwd -&gt; option&lt;string&gt;</c> and the <c>terminal-*</c> getters
    /// (<c>-&gt; option&lt;own&lt;terminal-…&gt;&gt;</c>): none.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr None(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        results[0] = ComponentVal.None();
        return IntPtr.Zero;
    }

    /// <summary><c>get-stdin -&gt; own&lt;input-stream&gt;</c>: an empty stream (closed at the first read).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Stdin(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = Own(context, HttpResource.InputStream, State(context).Add(new HttpInputStream(ReadOnlyMemory<byte>.Empty)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>get-stdout -&gt; own&lt;output-stream&gt;</c>: lines of the module's log.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Stdout(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Output(context, results, 0);

    /// <summary><c>get-stderr -&gt; own&lt;output-stream&gt;</c>: lines of the module's log.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Stderr(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Output(context, results, 1);

    /// <summary><c>exit(status: result)</c>: records the status and ends the guest's call.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Exit(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Exited(context, args[0].ResultIsOk != 0);

    /// <summary><c>exit-with-code(status-code: u8)</c> (unstable in 0.2): 0 is ok, anything else an error.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr ExitWithCode(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Exited(context, args[0].U8 == 0);

    private static IntPtr Exited(IntPtr context, bool ok)
    {
        try
        {
            State(context).ExitOk ??= ok;
            // Not HostCall.Fail: an exit is no refusal, and the runner tells it apart by ExitOk.
            return ComponentApi.wasmtime_error_new(ExitMessage);
        }
        catch (Exception e) { return Fail(context, e); }
    }

    private static IntPtr Output(IntPtr context, ComponentVal* results, int stream)
    {
        try
        {
            var state = State(context);
            results[0] = Own(context, HttpResource.OutputStream, state.Add(new GuestOutputStream(state.Output, stream)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
