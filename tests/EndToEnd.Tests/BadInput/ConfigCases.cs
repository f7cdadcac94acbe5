namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// The config area of the bad-input catalogue (docs/reliability.md, Config): every row is run by
/// <see cref="ConfigCatalogueTests"/> against the published binary. A refused start-up (HealthyAfter false) must
/// leave nothing behind: no state dir, no port held.
/// </summary>
internal static class ConfigCases
{
    private const string Loopback = "the admin API binds only to a loopback address unless MIK_API_KEY is set";

    public static IReadOnlyList<ConfigCase> All { get; } =
    [
        .. ConfigWrongTypes.Rows(),
        Refused("port_zero", "`server.port = 0`", "server.port = 0: must be a port from 1 to 65535", ("server.port", "0")),
        Refused("admin_port_too_high", "`admin.port = 70000`", "admin.port = 70000: must be a port from 1 to 65535", ("admin.port", "70000")),
        Refused("port_beyond_an_integer", "`server.port = 9999999999`", "server.port = 9999999999: out of range for an integer setting",
            ("server.port", "9999999999")),
        Refused("admin_port_same_as_runtime", "`admin.port` = `server.port`", "must differ from server.port", ("admin.port", "{port}")),
        Refused("negative_body_size", "`server.max_body_mb = -1`", "server.max_body_mb = -1: must be from 1 to 1024", ("server.max_body_mb", "-1")),
        Refused("negative_spool_size", "`state.audit_spool_max_mb = -5`", "state.audit_spool_max_mb = -5: must be from 1 to 1048576",
            ("state.audit_spool_max_mb", "-5")),
        Refused("zero_request_timeout", "`server.request_timeout_secs = 0`", "server.request_timeout_secs = 0: must be from 1 to 3600",
            ("server.request_timeout_secs", "0")),
        Refused("zero_module_timeout", "`modules.hello.timeout_secs = 0`", "modules.hello.timeout_secs = 0: must be from 1 to 3600",
            ("modules.hello.timeout_secs", "0")),
        Refused("lost_after_not_above_heartbeat", "`cluster.heartbeat_secs = 10`, `lost_after_secs = 5`",
            "cluster.lost_after_secs = 5: must be greater than cluster.heartbeat_secs", ("cluster.heartbeat_secs", "10"), ("cluster.lost_after_secs", "5")),
        Refused("unknown_log_level", "`logging.level = \"loud\"`", "logging.level = \"loud\": must be one of trace, debug, info, warn, error",
            ("logging.level", "\"loud\"")),
        Refused("unknown_module_source", "`cluster.module_source = \"git\"`", "cluster.module_source = \"git\": must be \"store\" or \"folder\"",
            ("cluster.module_source", "\"git\"")),
        Refused("bad_schema_name", "`database.schema = \"Mik-Audit\"`", "database.schema = \"Mik-Audit\": must be a lower-case SQL identifier",
            ("database.schema", "\"Mik-Audit\"")),
        Refused("admin_on_all_interfaces_without_key", "`admin.host = \"0.0.0.0\"`, no `MIK_API_KEY`", $"admin.host = \"0.0.0.0\": {Loopback}",
            ("admin.host", "\"0.0.0.0\"")),
        Refused("bad_module_name", "`[modules.\"Hello World\"]`", "modules.Hello World = \"Hello World\": must be a module name",
            ("modules.\"Hello World\".timeout_secs", "5")),
        Refused("relative_volume_guest_path", "`modules.hello.volumes.data = \"/srv\"`", "a guest path must be absolute",
            ("modules.hello.volumes.data", "\"/srv\"")),
        Refused("bad_outbound_host", "`modules.hello.allowed_outbound_hosts = [\"api.example.com\"]`",
            "modules.hello.allowed_outbound_hosts = \"api.example.com\": must be scheme://host[:port]",
            ("modules.hello.allowed_outbound_hosts", "[\"api.example.com\"]")),
        Serves("unknown_key", "`server.prot = 3000`", "unknown config key server.prot", new() { Keys = Keys(("server.prot", "3000")) }),
        Serves("unknown_section", "a `[srever]` section", "unknown config key srever", new() { Tail = "[srever]\nport = 3000\n" }),
        Serves("api_key_in_the_file", "`admin.api_key = \"…\"` (only `MIK_API_KEY` counts)", "unknown config key admin.api_key",
            new() { Keys = Keys(("admin.api_key", "\"file-canary-key-5e1\"")), Hidden = "file-canary-key-5e1" }),
        Case("malformed_toml", "`[server` (no closing bracket)", "exit 1", "config = line 1, column 8: not valid TOML", new() { File = "[server\nport = 3000\n" }),
        // Given twice with the same value, so that a mik that takes the file anyway would start and serve.
        Case("duplicate_key", "`server.port` given twice", "exit 1", "not valid TOML", new() { Tail = "server.port = {port}\n" }),
        Case("empty_file", "an empty mik.toml (`mik validate`: every setting at its default)", "exit 0", "\"ok\":true", new() { File = "", Validate = true }, healthy: true),
        Case("config_is_a_folder", "`--config` names a folder", "exit 2", "is a folder, not a file", new() { Target = ConfigTarget.Folder }),
        Case("config_is_a_fifo", "`--config` names a FIFO", "exit 2", "cannot read: mik.toml is a FIFO (named pipe), not a regular file", new() { Target = ConfigTarget.Fifo }),
        Case("config_missing", "`--config` names no file", "exit 2", "file not found", new() { Target = ConfigTarget.Missing }),
        Case("config_unreadable", "mode 000, mik run as `nobody`", "exit 2", "cannot read: mik.toml: Permission denied", new() { Target = ConfigTarget.UnreadableAsNobody }),
        Case("env_config_is_a_folder", "`MIK_CONFIG` names a folder", "exit 1", "config (env MIK_CONFIG)", new() { Target = ConfigTarget.EnvFolder }),
        Case("runtime_port_taken", "`server.port` held by another socket", "exit 1", "the runtime listener (server.host", new() { Occupied = "runtime" }),
        Case("admin_port_taken", "`admin.port` held by another socket", "exit 1", "the admin listener (admin.host", new() { Occupied = "admin" }),
        Case("env_port_not_a_number", "`PORT=abc`", "exit 1", "server.port (env PORT) = \"abc\": expected an integer", Env(("PORT", "abc"))),
        Case("env_port_out_of_range", "`PORT=70000`", "exit 1", "server.port (env PORT) = 70000: must be a port from 1 to 65535", Env(("PORT", "70000"))),
        Case("env_host_not_a_host", "`HOST=\"not a host\"`", "exit 1", "server.host (env HOST) = \"not a host\": not an IP address or host name",
            Env(("HOST", "not a host"))),
        Case("env_database_url_not_postgres", "`MIK_DATABASE_URL=mysql://…`", "exit 1",
            "database.url (env MIK_DATABASE_URL) = (not shown: it may hold a secret): must be empty",
            Env(("MIK_DATABASE_URL", "mysql://mik:db-canary-pw@db/mik")) with { Hidden = "db-canary-pw" }),
        Case("env_loki_url_not_http", "`MIK_LOKI_URL=ftp://…`", "exit 1",
            "logging.loki_url (env MIK_LOKI_URL) = (not shown: it may hold a secret): must be empty or an http(s) URL",
            Env(("MIK_LOKI_URL", "ftp://loki-canary-host:3100")) with { Hidden = "loki-canary-host" }),
    ];

    public static ConfigCase Find(string name) => All.Single(c => c.Row.Name == name);

    private static ConfigCase Case(string name, string input, string expected, string error, ConfigSetup setup, bool healthy = false) =>
        new(new BadInputCase("config", name, input, expected, error, healthy), setup);

    private static ConfigCase Refused(string name, string input, string error, params (string Key, string Value)[] keys) =>
        Case(name, input, "exit 1", error, new ConfigSetup { Keys = Keys(keys) });

    private static ConfigCase Serves(string name, string input, string warning, ConfigSetup setup) =>
        Case(name, input, "200", warning, setup, healthy: true);

    private static Dictionary<string, string> Keys(params (string Key, string Value)[] keys) =>
        keys.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);

    private static ConfigSetup Env(params (string Name, string Value)[] variables) =>
        new() { Environment = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal) };
}
