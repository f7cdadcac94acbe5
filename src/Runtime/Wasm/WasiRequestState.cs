
namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Everything the managed WASI functions need for one request; it is the Store's data, so host functions reach it
/// from their caller's context.
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

    /// <summary>The guest's exported memory (a <c>wasmtime_extern_t</c>), looked up once per request.</summary>
    public WasmtimeApi.ExternBuffer Memory;

    /// <summary>Whether <see cref="Memory"/> was looked up; <see cref="HasMemory"/> says whether it was found.</summary>
    public bool MemoryLookedUp { get; set; }

    public bool HasMemory { get; set; }

    /// <summary>The exception a host function ended the guest with (proc_exit, the stdout cap, a bug).</summary>
    public Exception? HostFailure { get; set; }

    public ReadOnlySpan<byte> UnreadStdin => stdin.Span[_stdinPosition..];

    public void ConsumeStdin(int count) => _stdinPosition += count;
}
