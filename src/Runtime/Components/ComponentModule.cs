using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A component ready to serve, next to <see cref="WagiModule"/>: the compiled component and the module's settings
/// (timeout, memory cap) as <c>[modules.&lt;name&gt;]</c> gives them. Owns (and disposes) the component.
/// </summary>
internal sealed class ComponentModule(WasmEngine engine, HttpComponent component, WagiModuleSettings settings) : IDisposable
{
    public HttpComponent Component { get; } = component;
    public WagiModuleSettings Settings { get; } = settings;

    /// <summary>The memory cap in force: the module's, unless the engine's pool is smaller.</summary>
    public long MaxMemoryBytes { get; } = Math.Min(settings.MaxMemoryBytes, engine.Options.MaxMemoryBytes);

    public void Dispose() => Component.Dispose();
}
