using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Tests.Configuration;

public sealed class ConfigValidationTests
{
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "[server]\nport = \"abc\"", "server.port", "\"abc\": expected an integer" },
        { "[server]\nport = 70000", "server.port", "70000: must be a port from 1 to 65535" },
        { "[server]\nport = 0", "server.port", "must be a port" },
        { "[server]\nport = 99999999999", "server.port", "out of range" },
        { "[server]\nhost = \"not a host!\"", "server.host", "not an IP address or host name" },
        { "[server]\ncache_size = 0", "server.cache_size", "must be from 1 to" },
        { "[server]\nmax_cache_mb = -1", "server.max_cache_mb", "must be from 1 to" },
        { "[server]\nmax_concurrent_requests = 0", "server.max_concurrent_requests", "must be from 1 to" },
        { "[server]\nmax_per_module_requests = -1", "server.max_per_module_requests", "must be from 0 to" },
        { "[server]\nrequest_timeout_secs = 0", "server.request_timeout_secs", "must be from 1 to 3600" },
        { "[server]\nmax_memory_mb = 5000", "server.max_memory_mb", "must be from 1 to 4096" },
        { "[server]\nmax_body_mb = 0", "server.max_body_mb", "must be from 1 to 1024" },
        { "[server]\naot_cache = \"yes\"", "server.aot_cache", "expected true or false" },
        { "[server]\nmodules = 5", "server.modules", "expected a string" },
        { "server = 5", "server", "expected a table" },
        { "[admin]\nport = 3000", "admin.port", "must differ from server.port" },
        { "[admin]\nhost = \"0.0.0.0\"", "admin.host", "unless MIK_API_KEY is set" },
        { "[breaker]\nfailure_threshold = 0", "breaker.failure_threshold", "must be from 1 to" },
        { "[breaker]\nrecovery_timeout_secs = 0", "breaker.recovery_timeout_secs", "must be from 1 to" },
        { "[database]\nurl = \"mysql://u:secret@h/db\"", "database.url", "(not shown: it may hold a secret)" },
        { "[logging]\nloki_url = \"ftp://u:secret@h/\"", "logging.loki_url", "(not shown: it may hold a secret)" },
        { "[database]\nschema = \"Bad-Schema\"", "database.schema", "lower-case SQL identifier" },
        { "[database]\nembedded_port = 70000", "database.embedded_port", "must be from 0 to 65535" },
        { "[logging]\nlevel = \"loud\"", "logging.level", "\"loud\": must be one of trace, debug, info, warn, error" },
        { "[logging]\nloki_url = \"ftp://loki\"", "logging.loki_url", "http(s) URL" },
        { "[state]\ndir = \"\"", "state.dir", "must name the state folder" },
        { "[cluster]\nheartbeat_secs = 0", "cluster.heartbeat_secs", "must be from 1 to 3600" },
        { "[cluster]\nlost_after_secs = 1", "cluster.lost_after_secs", "must be from 2 to 86400" },
        { "[cluster]\nheartbeat_secs = 10\nlost_after_secs = 10", "cluster.lost_after_secs", "10: must be greater than cluster.heartbeat_secs" },
        { "[modules.Bad_Name]\nentrypoint = \"x\"", "modules.Bad_Name", "must be a module name: 1 to 63 of a-z" },
        { "[modules.m]\ntimeout_secs = 0", "modules.m.timeout_secs", "must be from 1 to 3600" },
        { "[modules.m]\nmax_memory_mb = 0", "modules.m.max_memory_mb", "must be from 1 to 4096" },
        { "[modules.m]\nmax_concurrent = 0", "modules.m.max_concurrent", "must be from 1 to" },
        { "[modules.m]\nfailure_threshold = 0", "modules.m.failure_threshold", "must be from 1 to 10000" },
        { "[modules.m]\nrecovery_timeout_secs = 0", "modules.m.recovery_timeout_secs", "must be from 1 to 86400" },
        { "[modules.m]\nentrypoint = \"\"", "modules.m.entrypoint", "must name an exported function" },
        { "[modules.m]\nvolumes = { \"data\" = \"/srv\" }", "modules.m.volumes", "guest path must be absolute" },
        { "[modules.m]\nvolumes = { \"/data\" = 5 }", "modules.m.volumes.\"/data\"", "expected a host path" },
        { "[modules.m]\nallowed_outbound_hosts = \"https://a.example\"", "modules.m.allowed_outbound_hosts", "expected an array of strings" },
        { "[modules.m]\nallowed_outbound_hosts = [\"api.example.com\"]", "modules.m.allowed_outbound_hosts", "\"api.example.com\": must be scheme://host[:port]" },
        { "[modules.m]\nallowed_outbound_hosts = [\"ftp://files.example.com\"]", "modules.m.allowed_outbound_hosts", "the scheme must be http, https or *" },
        { "[modules.m]\nallowed_outbound_hosts = [\"https://api.example.com/v1\"]", "modules.m.allowed_outbound_hosts", "without a path" },
        { "[modules.m]\nallowed_outbound_hosts = [\"http://localhost:99999\"]", "modules.m.allowed_outbound_hosts", "the port must be from 1 to 65535, or *" },
        { "[modules.m]\nallowed_outbound_hosts = [\"*://localhost\"]", "modules.m.allowed_outbound_hosts", "a * scheme needs a port" },
        { "[modules.m]\nallowed_outbound_hosts = [\"https://api.*.com\"]", "modules.m.allowed_outbound_hosts", "the host must be a name" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_names_the_key_the_value_and_why(string toml, string key, string expected)
    {
        using var temp = new TempConfig(toml);
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(temp.Path, temp.Lookup));

        Assert.Contains(e.Problems, p => p.Key == key);
        Assert.Contains(expected, e.Message);
        Assert.Contains(temp.Path, e.Message);
    }

    [Fact]
    public void A_password_in_a_bad_database_url_never_reaches_the_error()
    {
        using var temp = new TempConfig("[database]\nurl = \"mysql://u:canary-Secret-42@h/db\"");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(temp.Path, temp.Lookup));
        Assert.DoesNotContain("canary-Secret-42", e.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var temp = new TempConfig("[server]\nport = \"abc\"\nmax_body_mb = \"big\"");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(temp.Path, temp.Lookup));
        Assert.Equal(["server.port", "server.max_body_mb"], e.Problems.Select(p => p.Key));
    }

    [Fact]
    public void A_TOML_syntax_error_gives_line_and_column()
    {
        using var temp = new TempConfig("[server\nport = 1");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(temp.Path, temp.Lookup));
        Assert.Contains("line 1", e.Message);
        Assert.Contains("not valid TOML", e.Message);
    }

    [Fact]
    public void A_bad_PORT_in_the_environment_names_the_variable_and_the_key()
    {
        using var temp = new TempConfig();
        temp.Env["PORT"] = "http";
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(temp.Path, temp.Lookup));
        Assert.Contains("server.port (env PORT) = \"http\": expected an integer", e.Message);
    }

    [Theory]
    [InlineData("-3")]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("99999999999")]
    public void A_PORT_that_is_no_port_says_what_a_port_is(string port)
    {
        using var temp = new TempConfig();
        temp.Env["PORT"] = port;
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(temp.Path, temp.Lookup));
        Assert.Contains($"server.port (env PORT) = {port}: must be a port from 1 to 65535", e.Message);
    }

    [Fact]
    public void The_admin_API_may_listen_publicly_once_a_key_is_set()
    {
        using var temp = new TempConfig("[admin]\nhost = \"0.0.0.0\"");
        temp.Env["MIK_API_KEY"] = "k";
        Assert.Equal("0.0.0.0", ConfigLoader.Load(temp.Path, temp.Lookup).Config.Admin.Host);
    }
}
