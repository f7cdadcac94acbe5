namespace Mik.Durable.Runtime.Registry;

/// <summary>The module file changed between the registry's look at it and its compilation.</summary>
internal sealed class ModuleChangedException(string module)
    : Exception($"{module}.wasm changed while it was being loaded");
