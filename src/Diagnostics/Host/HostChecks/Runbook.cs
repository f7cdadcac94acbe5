namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>
/// The runbook's resolutions (docs/operations.md and the operations runbook), in the words of what mik really has.
/// One place, so docs/diagnostics.md and the checks say the same.
/// </summary>
internal static class Runbook
{
    public static string StartMik(ServiceFacts facts) => facts.UnderSystemd
        ? "Process not running: systemctl start mik (journalctl -u mik -n 100 says why it stopped)"
        : $"Process not running: start it, mik serve{facts.ConfigArgument} (its last log lines say why it stopped)";

    public static string WrongPort(int port) =>
        $"Wrong port: another process holds port {port} (ss -tlnp 'sport = :{port}' names it): stop it, or set another port in mik.toml ([server] port or env PORT, [admin] port), then start mik";

    public const string BoundToLoopback = "Bound to 127.0.0.1: set HOST=0.0.0.0 (or [server] host = \"0.0.0.0\" in mik.toml) for external access, then restart mik";

    public const string KeyNotSet =
        "Key not set: set MIK_API_KEY in the service's environment (systemd: Environment=MIK_API_KEY=... or an EnvironmentFile in mik.service; a long random key, openssl rand -hex 32), or bind the admin listener to 127.0.0.1 ([admin] host)";

    public const string CircuitOpen =
        "Circuit breaker open: check the module's downstream services and its recent failures (journalctl -u mik | grep -i \"circuit\\|failure\"), fix the root cause, then wait for recovery (breaker.recovery_timeout_secs, 30 s by default) or send one request to /run/MODULE/ to probe it";

    public const string ColdStarts =
        "Cold starts: increase cache_size (and max_cache_mb if mik_cache_evictions_total grows) in mik.toml [server]; mik cache warm writes missing AOT artifacts";

    public const string Memory =
        "Reduce memory usage in mik.toml [server]: lower max_cache_mb (e.g. 128), cache_size (e.g. 50) and max_concurrent_requests; for persistent issues add swap, give the container/VM more memory, or split into several smaller instances";

    public const string Disk =
        "Free disk: mik cache clean (removes stale AOT artifacts) or mik cache clear (all of them); rotate logs (journalctl --vacuum-size=100M); remove old log files (find LOGDIR -name \"mik*.log\" -mtime +7 -delete (mik keeps 14 daily files itself))";

    public const string AuthFailures =
        "Missing header: add the X-API-Key header to requests; wrong key: verify it matches the service's MIK_API_KEY; the audit trail names the caller (mik audit --type AuthFailed, or journalctl -u mik -o cat | jq 'select(.target == \"audit\")')";
}
