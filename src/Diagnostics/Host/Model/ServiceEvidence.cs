namespace Mik.Durable.Diagnostics.Host.Model;

/// <summary>
/// <c>service.json</c> (docs/diagnostics.md): is a mik serve running for this config (the holder of
/// <c>&lt;state.dir&gt;/mik.lock</c>), its process facts, each configured listener, and systemd's view.
/// </summary>
internal sealed record ServiceEvidence
{
    public bool Running { get; init; }

    /// <summary>How mik was looked for and, when not running, why it is taken as not running.</summary>
    public string Reason { get; init; } = "";

    public string LockFile { get; init; } = "";

    /// <summary>The mik.toml the diagnosis read (null: built-in defaults and environment only).</summary>
    public string? ConfigPath { get; init; }

    public int? Pid { get; init; }
    public string? CommandLine { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public long? UptimeSecs { get; init; }
    public int? Threads { get; init; }
    public long? RssBytes { get; init; }
    public int? OpenFiles { get; init; }

    public IReadOnlyList<ListenerEvidence> Listeners { get; init; } = [];

    /// <summary>Whether the process that ran the collector had <c>MIK_API_KEY</c> (the value is never written).</summary>
    public bool ApiKeyInEnvironment { get; init; }

    public SystemdEvidence? Systemd { get; init; }
    public string? SystemdReason { get; init; }
}
