namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// What an artifact holds (its header's <c>kind</c>): a core module or a component. Checked before Wasmtime sees a
/// byte, so that one is never deserialized as the other.
/// </summary>
internal static class AotKinds
{
    /// <summary>A core module; also what a header without <c>kind</c> holds (written before components had artifacts).</summary>
    public const string Module = "module";

    /// <summary>A <c>wasi:http</c> component (docs/components.md).</summary>
    public const string Component = "component";

    public static string Of(AotHeader header) => header.Kind ?? Module;
}
