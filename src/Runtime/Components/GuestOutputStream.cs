namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The <c>output-stream</c> of <c>wasi:cli/stdout</c> (<see cref="Stream"/> 0) or <c>stderr</c> (1): what the guest
/// writes becomes log lines of the module, never the response (docs/components.md).
/// </summary>
internal sealed record GuestOutputStream(ComponentOutputLog Log, int Stream)
{
    public void Write(ReadOnlySpan<byte> bytes) => Log.Write(Stream, bytes);
}
