using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Admission;

/// <summary>The concurrency limits of handler runs (docs/runtime.md).</summary>
internal sealed class RequestLimitsOptions
{
    /// <summary>Handler runs at once across all modules. Default 64 (<c>max_concurrent_requests</c>).</summary>
    public int MaxConcurrent { get; init; } = 64;

    /// <summary>
    /// Requests that may wait for a free slot when all are busy. Default: as many as <see cref="MaxConcurrent"/>,
    /// so at most one extra run's worth of waiting; beyond that a request is shed at once with 503.
    /// </summary>
    public int QueueLength { get; init; } = 64;

    /// <summary>Longest wait in that queue before 503 <c>overloaded</c>. Default 500 ms, to keep admitted latency bounded.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs at once per module when the module sets no limit of its own; 0 = none. Default 0.</summary>
    public int MaxPerModule { get; init; }

    /// <summary><c>Retry-After</c> of a shed request. Default 1 s.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public static RequestLimitsOptions From(ServerOptions server) => new()
    {
        MaxConcurrent = server.MaxConcurrentRequests,
        QueueLength = server.MaxConcurrentRequests,
        MaxPerModule = server.MaxPerModuleRequests,
    };
}
