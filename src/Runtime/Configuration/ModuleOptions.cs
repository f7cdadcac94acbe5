namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[modules.&lt;name&gt;]</c>: overrides for one module (docs/wagi.md). Unset values use <c>[server]</c>.</summary>
public sealed class ModuleOptions
{
    /// <summary>Exported function to run. Default <c>_start</c>.</summary>
    public string Entrypoint { get; set; } = "_start";

    /// <summary>Guest path → host folder, read-only unless <c>writable = true</c>.</summary>
    public Dictionary<string, VolumeOptions> Volumes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Extra environment variables; the WAGI request variables win over these.</summary>
    [Secret]
    public Dictionary<string, string> Env { get; set; } = new(StringComparer.Ordinal);

    public int? TimeoutSecs { get; set; }
    public int? MaxMemoryMb { get; set; }
    public int? MaxConcurrent { get; set; }

    /// <summary>This module's <c>[server] max_volume_write_mb</c>.</summary>
    public int? MaxVolumeWriteMb { get; set; }

    /// <summary>This module's <c>[breaker] failure_threshold</c>.</summary>
    public int? FailureThreshold { get; set; }

    /// <summary>This module's <c>[breaker] recovery_timeout_secs</c>.</summary>
    public int? RecoveryTimeoutSecs { get; set; }

    /// <summary>
    /// Where a component may send HTTP requests (<c>wasi:http/outgoing-handler</c>), as Spin spells them:
    /// <c>scheme://host[:port]</c> (<see cref="OutboundHostPattern"/>). Empty (the default): no outgoing HTTP at all.
    /// </summary>
    public List<string> AllowedOutboundHosts { get; set; } = [];
}
