namespace Mik.Durable.Runtime.Wasm;

/// <summary>Thrown by the managed <c>fd_write</c> to stop a guest whose stdout passed the cap.</summary>
internal sealed class OutputTooLargeException(int limit)
    : Exception($"the handler wrote more than {limit} bytes to stdout")
{
    public int Limit { get; } = limit;
}
