namespace Mik.Durable.Api.ModuleChanges;

/// <summary>Bytes that cannot be served here: they do not compile, or cannot run (<see cref="Reason"/> says which and why).</summary>
internal sealed class ModuleRefusedException(string reason) : Exception(reason)
{
    public string Reason => Message;
}
