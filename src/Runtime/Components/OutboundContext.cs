using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// One request's view of outgoing HTTP: the module it runs, the hosts it may call, its deadline, and the end of the
/// request, which cancels every call still running (nothing outlives the request that made it).
/// </summary>
internal sealed class OutboundContext(OutboundHttp http, string module, IReadOnlyList<OutboundHostPattern> allowed, TimeSpan timeout)
    : IDisposable
{
    private readonly long _started = http.Time.GetTimestamp();
    private readonly CancellationTokenSource _ended = new();

    public OutboundHttp Http { get; } = http;
    public string Module { get; } = module;
    public IReadOnlyList<OutboundHostPattern> Allowed { get; } = allowed;

    /// <summary>What is left of the handler's time budget (never negative).</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = timeout - Http.Time.GetElapsedTime(_started);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public CancellationToken Ended => _ended.Token;

    public bool Allows(string scheme, string host, int port) => Allowed.Any(pattern => pattern.Allows(scheme, host, port));

    /// <summary>
    /// Whether this is the request's first denied call to <paramref name="upstream"/>: only that one is logged, so a
    /// guest calling a refused host in a loop costs one WARN line per request, not one per call.
    /// </summary>
    public bool FirstDenial(string upstream) => (_denied ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(upstream);

    private HashSet<string>? _denied;

    // Cancelled, never disposed: calls still winding down read the token after the request has ended, and a source
    // without a timer holds nothing to release.
    public void Dispose() => _ended.Cancel();
}
