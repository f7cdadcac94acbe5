using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>Sizing and policy of the process-wide <see cref="WasmEngine"/>.</summary>
internal sealed class WasmEngineOptions
{
    private const long MiB = 1024 * 1024;

    /// <summary>
    /// Instances (and linear memories, tables) the pooling allocator can hold at once. Default 128: twice the
    /// default 64 concurrent requests (and at least 16 more), so start-up probes and a short queue never hit the
    /// pool's limit; a full pool fails instantiation.
    /// </summary>
    public int MaxInstances { get; init; } = 128;

    /// <summary>Largest linear memory any handler may have. Default 128 MiB (<c>max_memory_mb</c>).</summary>
    public long MaxMemoryBytes { get; init; } = 128 * MiB;

    /// <summary>
    /// Linear memory a freed pool slot keeps mapped and only zeroes, instead of returning it to the kernel.
    /// Default 1 MiB, which the spike measured to cut per-request kernel time to about zero.
    /// </summary>
    public long KeepResidentBytes { get; init; } = MiB;

    /// <summary>Period of the epoch ticker, the granularity of timeouts. Default 10 ms.</summary>
    public TimeSpan EpochTick { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Largest stdout (headers + body) a handler may produce. Default 64 MiB; past it the guest is stopped and the
    /// request fails with <c>output_too_large</c>.
    /// </summary>
    public int MaxStdoutBytes { get; init; } = (int)(64 * MiB);

    /// <summary>stderr kept per request for the log. Default 1 MiB; the rest is dropped with a marker line.</summary>
    public int MaxStderrBytes { get; init; } = (int)MiB;

    /// <summary>Sizes the engine from <c>[server]</c> and the largest per-module memory override.</summary>
    public static WasmEngineOptions FromConfig(MikConfig config)
    {
        var memoryMb = config.Modules.Values
            .Select(m => m.MaxMemoryMb ?? 0)
            .Append(config.Server.MaxMemoryMb)
            .Max();
        var concurrent = Math.Max(1, config.Server.MaxConcurrentRequests);
        return new WasmEngineOptions
        {
            MaxInstances = Math.Max(concurrent * 2, concurrent + 16),
            MaxMemoryBytes = memoryMb * MiB,
        };
    }
}
