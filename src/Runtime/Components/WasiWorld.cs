namespace Mik.Durable.Runtime.Components;

/// <summary>
/// What a component sees of the world outside <c>wasi:http</c>: its environment (the module's
/// <c>[modules.&lt;name&gt;] env</c> only, never mik's own), its arguments (the module's name), and the cap on its
/// stdout and stderr log lines (the engine's <c>max_stderr_bytes</c>).
/// </summary>
internal sealed record WasiWorld(IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Arguments, int MaxOutputBytes)
{
    public static readonly WasiWorld Empty = new(new Dictionary<string, string>(), [], 1024 * 1024);
}
