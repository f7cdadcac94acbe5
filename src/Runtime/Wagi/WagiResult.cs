using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// Outcome of one handler run: exactly one of <see cref="Response"/> and <see cref="Failure"/>, plus the guest's
/// stderr lines. Dispose it after the response body is written: the body lives in a pooled buffer.
/// </summary>
internal sealed class WagiResult : IDisposable
{
    private OutputBuffer? _stdout;

    private WagiResult(CgiResponse? response, WagiFailure? failure, IReadOnlyList<string> stderr, OutputBuffer? stdout,
        long memoryBytes)
    {
        Response = response;
        Failure = failure;
        StderrLines = stderr;
        _stdout = stdout;
        GuestMemoryBytes = memoryBytes;
    }

    public CgiResponse? Response { get; }
    public WagiFailure? Failure { get; }

    /// <summary>What the guest wrote to stderr, line by line (docs/wagi.md: logged at INFO, never sent to the client).</summary>
    public IReadOnlyList<string> StderrLines { get; }

    /// <summary>The guest's linear memory at the end of the run (for the guest-memory metric); -1 when unknown.</summary>
    public long GuestMemoryBytes { get; }

    public bool Succeeded => Response is not null;

    internal static WagiResult Success(CgiResponse response, IReadOnlyList<string> stderr, OutputBuffer stdout, long memoryBytes) =>
        new(response, null, stderr, stdout, memoryBytes);

    /// <summary>A response whose body lives in memory of its own (a component's), not in a pooled stdout buffer.</summary>
    internal static WagiResult Success(CgiResponse response, IReadOnlyList<string> stderr, long memoryBytes) =>
        new(response, null, stderr, null, memoryBytes);

    internal static WagiResult Failed(WagiFailureKind kind, string message, IReadOnlyList<string> stderr, long memoryBytes) =>
        new(null, new WagiFailure(kind, message), stderr, null, memoryBytes);

    public void Dispose()
    {
        _stdout?.Dispose();
        _stdout = null;
    }
}
