using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Collecting;

/// <summary>What every collector may look at. Built once per run by the command (doctor, diag bundle).</summary>
public sealed record CollectContext
{
    /// <summary>The configuration mik would run with, and the file it came from (null: built-in defaults).</summary>
    public required LoadedConfig Config { get; init; }

    /// <summary>
    /// What is wrong with the configuration as mik serve would refuse it (empty when it loads). The doctor still runs
    /// on such a config, loaded as if <c>MIK_API_KEY</c> were set, so it can name every problem at once.
    /// </summary>
    public IReadOnlyList<ConfigProblem> ConfigProblems { get; init; } = [];

    /// <summary>Base URL of the runtime listener as a local client reaches it (0.0.0.0 becomes 127.0.0.1).</summary>
    public required Uri RuntimeUrl { get; init; }

    /// <summary>Base URL of the admin listener as a local client reaches it.</summary>
    public required Uri AdminUrl { get; init; }

    /// <summary>
    /// The admin API key this process can see (<c>MIK_API_KEY</c>), empty when none. A secret: it is sent to the
    /// admin listener and used to scan the archive, never written anywhere.
    /// </summary>
    public string ApiKey { get; init; } = "";

    /// <summary>The time window of logs and audit events: [<see cref="Since"/>, <see cref="Until"/>].</summary>
    public required DateTimeOffset Since { get; init; }

    public required DateTimeOffset Until { get; init; }

    /// <summary>Newest log lines kept per log source.</summary>
    public int LogLines { get; init; } = 100;

    /// <summary>
    /// A connection string to the event store when one can be had without changing anything (the configured
    /// server, or the embedded cluster if it is already running); null when not, with the reason in
    /// <see cref="EventStoreUnavailableReason"/>. Supplied by the host, which knows how mik finds its store.
    /// </summary>
    public Func<CancellationToken, Task<string?>> EventStoreConnection { get; init; } = _ => Task.FromResult<string?>(null);

    public string EventStoreUnavailableReason { get; init; } = "no event store connection was supplied";

    /// <summary>Time between the two <c>/metrics</c> samples (<c>metrics/start.prom</c>, <c>metrics/end.prom</c>). Default 2 s.</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The schema migrations this mik ships, name to sha256 (as <c>mik db status</c> compares them), so the
    /// <c>event_store</c> collector can tell applied from pending without the Api project. Supplied by the host.
    /// </summary>
    public IReadOnlyDictionary<string, string> ShippedMigrations { get; init; } = new Dictionary<string, string>();

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
