using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Everything the managed WASI functions need for one request; it is the Store's data, so host functions reach it
/// through <c>caller.GetData()</c>.
/// </summary>
internal sealed class WasiRequestState(
    WasiStrings args, WasiStrings environ, ReadOnlyMemory<byte> stdin, OutputBuffer stdout, StderrCollector stderr,
    TimeProvider time)
{
    private int _stdinPosition;

    public WasiStrings Args { get; } = args;
    public WasiStrings Environ { get; } = environ;
    public OutputBuffer Stdout { get; } = stdout;
    public StderrCollector Stderr { get; } = stderr;
    public TimeProvider Time { get; } = time;

    /// <summary>The guest's exported memory, looked up once per request.</summary>
    public Memory? Memory { get; set; }

    public ReadOnlySpan<byte> UnreadStdin => stdin.Span[_stdinPosition..];

    public void ConsumeStdin(int count) => _stdinPosition += count;
}
