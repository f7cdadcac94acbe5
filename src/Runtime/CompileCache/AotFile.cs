namespace Mik.Durable.Runtime.CompileCache;

/// <summary>One <c>&lt;module&gt;.wasm.aot</c> on disk and its <see cref="AotFileStates">state</see>.</summary>
internal sealed record AotFile(string Module, string Path, long Bytes, string State)
{
    /// <summary>Anything but current: <c>cache clean</c> removes it.</summary>
    public bool IsStale => State != AotFileStates.Current;
}
