using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:filesystem/types</c> and <c>preopens</c> without a file system (docs/components.md): no preopened
/// directory, so a guest never holds a <c>descriptor</c>; every method is still defined, so that a component built by a
/// libc (which imports them all) links, and answers <c>error-code.unsupported</c> rather than trapping.
/// </summary>
internal static unsafe class FilesystemHost
{
    /// <summary>Every <c>descriptor</c> and <c>directory-entry-stream</c> method answering <c>result&lt;_, error-code&gt;</c>.</summary>
    public static readonly string[] ResultMethods =
    [
        "[method]descriptor.read-via-stream", "[method]descriptor.write-via-stream", "[method]descriptor.append-via-stream",
        "[method]descriptor.advise", "[method]descriptor.sync-data", "[method]descriptor.get-flags",
        "[method]descriptor.get-type", "[method]descriptor.set-size", "[method]descriptor.set-times",
        "[method]descriptor.read", "[method]descriptor.write", "[method]descriptor.read-directory",
        "[method]descriptor.sync", "[method]descriptor.create-directory-at", "[method]descriptor.stat",
        "[method]descriptor.stat-at", "[method]descriptor.set-times-at", "[method]descriptor.link-at",
        "[method]descriptor.open-at", "[method]descriptor.readlink-at", "[method]descriptor.remove-directory-at",
        "[method]descriptor.rename-at", "[method]descriptor.symlink-at", "[method]descriptor.unlink-file-at",
        "[method]descriptor.metadata-hash", "[method]descriptor.metadata-hash-at",
        "[method]directory-entry-stream.read-directory-entry",
    ];

    /// <summary>The methods of <see cref="ResultMethods"/>: <c>error-code.unsupported</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Unsupported(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            EndBorrows(context, args, argCount);
            results[0] = ComponentVal.Err(ComponentValues.Enum("unsupported"));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]descriptor.is-same-object -&gt; bool</c>: false.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr IsSameObject(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            EndBorrows(context, args, argCount);
            results[0] = ComponentVal.Bool(false);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>filesystem-error-code(err: borrow&lt;error&gt;) -&gt; option&lt;error-code&gt;</c>: no stream error is a file's.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr ErrorCode(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            EndBorrows(context, args, argCount);
            results[0] = ComponentVal.None();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>preopens.get-directories -&gt; list&lt;tuple&lt;own&lt;descriptor&gt;, string&gt;&gt;</c>: none.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Directories(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = ComponentBytes.List(0);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    // A borrowed handle the host never reads traps the call (HostCall.Resolve), so each is read.
    private static void EndBorrows(IntPtr context, ComponentVal* args, nuint argCount)
    {
        for (nuint i = 0; i < argCount; i++)
            if (args[i].Kind == ComponentVal.KindResource) Resolve(context, args[i]);
    }
}
