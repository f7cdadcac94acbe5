namespace Mik.Durable.Api.ModuleChanges;

/// <summary>Another admin action changed the module between reading its state and committing (HTTP 409).</summary>
internal sealed class ConcurrentModuleChangeException(string module, Exception inner)
    : Exception($"module '{module}' was changed by another request (on this or another instance) at the same moment; read it again and retry", inner)
{
    public string Module => module;
}
