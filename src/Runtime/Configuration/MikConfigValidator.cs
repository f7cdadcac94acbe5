using System.Net;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>Rules for every setting; the property names are the TOML keys so messages read <c>server.port = 0: …</c>.</summary>
internal sealed partial class MikConfigValidator : AbstractValidator<MikConfig>
{
    private static readonly string[] Levels = ["trace", "debug", "info", "warn", "error"];
    private const string NulInPath = "must not contain a NUL character (no path can)";

    public MikConfigValidator()
    {
        RuleFor(c => c.Server.Host).Must(BeBindAddress).OverridePropertyName("server.host").WithMessage("not an IP address or host name");
        RuleFor(c => c.Server.Port).InclusiveBetween(1, 65535).OverridePropertyName("server.port").WithMessage("must be a port from 1 to 65535");
        RuleFor(c => c.Server.Modules).NotEmpty().OverridePropertyName("server.modules").WithMessage("must name the modules folder");
        Range(c => c.Server.CacheSize, "server.cache_size", 1, 1_000_000);
        Range(c => c.Server.MaxCacheMb, "server.max_cache_mb", 1, 1_048_576);
        Range(c => c.Server.MaxConcurrentRequests, "server.max_concurrent_requests", 1, 100_000);
        Range(c => c.Server.MaxPerModuleRequests, "server.max_per_module_requests", 0, 100_000);
        Range(c => c.Server.RequestTimeoutSecs, "server.request_timeout_secs", 1, 3600);
        Range(c => c.Server.MaxMemoryMb, "server.max_memory_mb", 1, 4096);
        Range(c => c.Server.MaxBodyMb, "server.max_body_mb", 1, 1024);
        Range(c => c.Server.MaxVolumeWriteMb, "server.max_volume_write_mb", 0, 1_048_576);
        Range(c => c.Server.DrainDelaySecs, "server.drain_delay_secs", 0, 3600);
        Range(c => c.Server.ShutdownTimeoutSecs, "server.shutdown_timeout_secs", 1, 3600);

        RuleFor(c => c.Admin.Host).Must(BeBindAddress).OverridePropertyName("admin.host").WithMessage("not an IP address or host name");
        RuleFor(c => c.Admin.Port).InclusiveBetween(1, 65535).OverridePropertyName("admin.port").WithMessage("must be a port from 1 to 65535");
        RuleFor(c => c.Admin.Port).NotEqual(c => c.Server.Port).OverridePropertyName("admin.port")
            .WithMessage("must differ from server.port");
        RuleFor(c => c.Admin.Host).Must(BeLoopback).When(c => c.Admin.ApiKey.Length == 0).OverridePropertyName("admin.host")
            .WithMessage("the admin API binds only to a loopback address unless MIK_API_KEY is set");
        Range(c => c.Admin.AuthFailureBurst, "admin.auth_failure_burst", 0, 1_000_000);
        Range(c => c.Admin.AuthFailureWindowSecs, "admin.auth_failure_window_secs", 1, 86_400);
        Range(c => c.Admin.MaxModuleMb, "admin.max_module_mb", 1, 1024);

        Range(c => c.Breaker.FailureThreshold, "breaker.failure_threshold", 1, 10_000);
        Range(c => c.Breaker.RecoveryTimeoutSecs, "breaker.recovery_timeout_secs", 1, 86_400);

        RuleFor(c => c.Database.Url).Must(BeDatabaseUrl).OverridePropertyName("database.url")
            .WithMessage("must be empty (embedded PostgreSQL), a postgres:// URL or an Npgsql connection string");
        RuleFor(c => c.Database.Schema).Matches(IdentifierPattern()).OverridePropertyName("database.schema")
            .WithMessage("must be a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters)");
        Range(c => c.Database.EmbeddedPort, "database.embedded_port", 0, 65535);

        RuleFor(c => c.Logging.Level).Must(l => Levels.Contains(l)).OverridePropertyName("logging.level")
            .WithMessage("must be one of " + string.Join(", ", Levels));
        RuleFor(c => c.Logging.LokiUrl).Must(BeHttpUrlOrEmpty).OverridePropertyName("logging.loki_url")
            .WithMessage("must be empty or an http(s) URL such as http://loki:3100");
        RuleFor(c => c.State.Dir).NotEmpty().OverridePropertyName("state.dir").WithMessage("must name the state folder");
        Range(c => c.State.AuditSpoolMaxMb, "state.audit_spool_max_mb", 1, 1_048_576);
        Range(c => c.Cluster.HeartbeatSecs, "cluster.heartbeat_secs", 1, 3600);
        Range(c => c.Cluster.LostAfterSecs, "cluster.lost_after_secs", 2, 86_400);
        RuleFor(c => c.Cluster.LostAfterSecs).GreaterThan(c => c.Cluster.HeartbeatSecs).OverridePropertyName("cluster.lost_after_secs")
            .WithMessage("must be greater than cluster.heartbeat_secs");
        RuleFor(c => c.Cluster.ModuleSource).Must(s => s is ClusterOptions.StoreSource or ClusterOptions.FolderSource)
            .OverridePropertyName("cluster.module_source").WithMessage("must be \"store\" or \"folder\"");
        Range(c => c.Cluster.KeepVersions, "cluster.keep_versions", 1, 1000);
        Range(c => c.Cluster.CatchUpSecs, "cluster.catch_up_secs", 1, 300);
        Range(c => c.Cluster.ConvergeTimeoutSecs, "cluster.converge_timeout_secs", 1, 3600);

        // A NUL cannot be in a path on Linux; turning such a path absolute would throw instead of naming the key.
        NoNul(c => c.Server.Modules, "server.modules");
        NoNul(c => c.State.Dir, "state.dir");
        NoNul(c => c.Logging.File, "logging.file");

        RuleFor(c => c.Modules).Custom(ValidateModules);
    }

    private void NoNul(System.Linq.Expressions.Expression<Func<MikConfig, string>> property, string key) =>
        RuleFor(property).Must(p => !p.Contains('\0')).OverridePropertyName(key).WithMessage(NulInPath);

    private void Range(System.Linq.Expressions.Expression<Func<MikConfig, int>> property, string key, int min, int max) =>
        RuleFor(property).InclusiveBetween(min, max).OverridePropertyName(key).WithMessage($"must be from {min} to {max}");

    private static void ValidateModules(Dictionary<string, ModuleOptions> modules, ValidationContext<MikConfig> context)
    {
        foreach (var (name, module) in modules)
        {
            var key = $"modules.{name}";
            if (!ModuleName.IsValid(name))
                Add(context, key, name, ModuleName.Expected);
            if (string.IsNullOrWhiteSpace(module.Entrypoint))
                Add(context, key + ".entrypoint", module.Entrypoint, "must name an exported function");
            if (module.TimeoutSecs is < 1 or > 3600)
                Add(context, key + ".timeout_secs", module.TimeoutSecs, "must be from 1 to 3600");
            if (module.MaxMemoryMb is < 1 or > 4096)
                Add(context, key + ".max_memory_mb", module.MaxMemoryMb, "must be from 1 to 4096");
            if (module.FailureThreshold is < 1 or > 10_000)
                Add(context, key + ".failure_threshold", module.FailureThreshold, "must be from 1 to 10000");
            if (module.RecoveryTimeoutSecs is < 1 or > 86_400)
                Add(context, key + ".recovery_timeout_secs", module.RecoveryTimeoutSecs, "must be from 1 to 86400");
            if (module.MaxVolumeWriteMb is < 0 or > 1_048_576)
                Add(context, key + ".max_volume_write_mb", module.MaxVolumeWriteMb, "must be from 0 to 1048576");
            if (module.MaxConcurrent is < 1 or > 100_000)
                Add(context, key + ".max_concurrent", module.MaxConcurrent, "must be from 1 to 100000");
            foreach (var entry in module.AllowedOutboundHosts)
                if (OutboundHostPattern.Parse(entry, out var problem) is null)
                    Add(context, key + ".allowed_outbound_hosts", entry, problem!);
            foreach (var (guest, volume) in module.Volumes)
            {
                if (!guest.StartsWith('/'))
                    Add(context, $"{key}.volumes", guest, "a guest path must be absolute, like \"/data\"");
                if (string.IsNullOrWhiteSpace(volume.Path))
                    Add(context, $"{key}.volumes.\"{guest}\".path", volume.Path, "must name a host folder");
                else if (volume.Path.Contains('\0'))
                    Add(context, $"{key}.volumes.\"{guest}\".path", volume.Path, NulInPath);
            }
        }
    }

    private static void Add(ValidationContext<MikConfig> context, string key, object? value, string message) =>
        context.AddFailure(new ValidationFailure(key, message, value));

    private static bool BeBindAddress(string host) =>
        IPAddress.TryParse(host, out _) || (host.Length > 0 && Uri.CheckHostName(host) == UriHostNameType.Dns);

    private static bool BeLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    private static bool BeDatabaseUrl(string url) =>
        url.Length == 0
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "postgres" or "postgresql")
        || (url.Contains('=') && !url.Contains("://", StringComparison.Ordinal));

    private static bool BeHttpUrlOrEmpty(string url) =>
        url.Length == 0 || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();
}
