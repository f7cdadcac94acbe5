namespace Mik.Durable.Runtime.Wasm;

/// <summary>Thrown by the managed <c>proc_exit</c> to unwind the guest; carries the exit code.</summary>
internal sealed class ProcExitException(int code) : Exception($"guest called proc_exit({code})")
{
    public int Code { get; } = code;
}
