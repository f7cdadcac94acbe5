using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Components;

/// <summary>What a component's <c>handle</c> answered: the response it set, or why there is none.</summary>
internal sealed record HttpComponentResponse(int Status, IReadOnlyList<KeyValuePair<string, byte[]>> Headers, ReadOnlyMemory<byte> Body)
{
    /// <summary>Why the call failed (a trap, a refused host call) or set no response; null when it answered.</summary>
    public string? Failure { get; init; }

    /// <summary>What kind of failure <see cref="Failure"/> is, in WAGI's terms (the same codes and statuses).</summary>
    public WagiFailureKind FailureKind { get; init; }

    /// <summary>Whether the guest finished the body (an unfinished body is a cut-off response).</summary>
    public bool BodyFinished { get; init; }

    /// <summary>The guest's <c>wasi:cli</c> stdout and stderr lines, logged as the module's (docs/components.md).</summary>
    public IReadOnlyList<string> OutputLines { get; init; } = [];

    /// <summary>Whether the status, headers and body already went to the client (<see cref="HttpStreaming"/>).</summary>
    public bool Streamed { get; init; }

    public static HttpComponentResponse Failed(WagiFailureKind kind, string failure) =>
        new(0, [], ReadOnlyMemory<byte>.Empty) { Failure = failure, FailureKind = kind };
}
