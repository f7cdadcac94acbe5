using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private const string FullFile = """
        [server]
        host = "127.0.0.2"
        port = 3100
        modules = "mods"
        cache_size = 7
        max_cache_mb = 64
        max_concurrent_requests = 8
        max_per_module_requests = 2
        request_timeout_secs = 5
        max_memory_mb = 32
        max_body_mb = 2
        aot_cache = false
        drain_delay_secs = 3
        shutdown_timeout_secs = 9
        [admin]
        host = "127.0.0.1"
        port = 9000
        [breaker]
        failure_threshold = 3
        recovery_timeout_secs = 10
        [database]
        url = "postgres://mik:pw@db.internal:5433/audit"
        schema = "audit_trail"
        [logging]
        level = "debug"
        file = "log/mik.log"
        loki_url = "http://loki:3100"
        [state]
        dir = "~/state"
        [modules.hello]
        entrypoint = "serve"
        timeout_secs = 2
        max_memory_mb = 16
        max_concurrent = 4
        env = { GREETING = "hi" }
        volumes = { "/data" = "data", "/scratch" = { path = "/tmp/scratch", writable = true } }
        """;

    [Fact]
    public void Every_key_of_a_full_file_is_bound()
    {
        using var temp = new TempConfig(FullFile);
        var loaded = ConfigLoader.Load(temp.Path, temp.Lookup);
        var c = loaded.Config;

        Assert.Equal(temp.Path, loaded.SourcePath);
        Assert.Empty(loaded.UnknownKeys);
        Assert.Equal(("127.0.0.2", 3100), (c.Server.Host, c.Server.Port));
        Assert.Equal(Path.Combine(temp.Directory, "mods"), c.Server.Modules);
        Assert.Equal((7, 64, 8, 2, 5, 32, 2), (c.Server.CacheSize, c.Server.MaxCacheMb, c.Server.MaxConcurrentRequests,
            c.Server.MaxPerModuleRequests, c.Server.RequestTimeoutSecs, c.Server.MaxMemoryMb, c.Server.MaxBodyMb));
        Assert.False(c.Server.AotCache);
        Assert.Equal((3, 9), (c.Server.DrainDelaySecs, c.Server.ShutdownTimeoutSecs));
        Assert.Equal(("127.0.0.1", 9000), (c.Admin.Host, c.Admin.Port));
        Assert.Equal((3, 10), (c.Breaker.FailureThreshold, c.Breaker.RecoveryTimeoutSecs));
        Assert.Equal(("postgres://mik:pw@db.internal:5433/audit", "audit_trail"), (c.Database.Url, c.Database.Schema));
        Assert.Equal(("debug", Path.Combine(temp.Directory, "log/mik.log"), "http://loki:3100"),
            (c.Logging.Level, c.Logging.File, c.Logging.LokiUrl));
        Assert.Equal("/home/op/state", c.State.Dir);

        var hello = c.Modules["hello"];
        Assert.Equal(("serve", 2, 16, 4), (hello.Entrypoint, hello.TimeoutSecs, hello.MaxMemoryMb, hello.MaxConcurrent));
        Assert.Equal("hi", hello.Env["GREETING"]);
        Assert.Equal((Path.Combine(temp.Directory, "data"), false), (hello.Volumes["/data"].Path, hello.Volumes["/data"].Writable));
        Assert.Equal(("/tmp/scratch", true), (hello.Volumes["/scratch"].Path, hello.Volumes["/scratch"].Writable));
    }

    [Fact]
    public void Without_any_file_the_documented_defaults_apply()
    {
        using var temp = new TempConfig();
        File.Delete(temp.Path);
        var c = ConfigLoader.Load(null, temp.Lookup, temp.Directory).Config;

        Assert.Equal(("0.0.0.0", 3000, "/var/lib/mik/modules"), (c.Server.Host, c.Server.Port, c.Server.Modules));
        Assert.Equal((100, 256, 64, 0, 30, 128, 10, true), (c.Server.CacheSize, c.Server.MaxCacheMb,
            c.Server.MaxConcurrentRequests, c.Server.MaxPerModuleRequests, c.Server.RequestTimeoutSecs,
            c.Server.MaxMemoryMb, c.Server.MaxBodyMb, c.Server.AotCache));
        Assert.Equal(("127.0.0.1", 9919), (c.Admin.Host, c.Admin.Port));
        Assert.Equal((5, 30), (c.Breaker.FailureThreshold, c.Breaker.RecoveryTimeoutSecs));
        Assert.Equal(("", "mik"), (c.Database.Url, c.Database.Schema));
        Assert.Equal(("info", "", ""), (c.Logging.Level, c.Logging.File, c.Logging.LokiUrl));
        Assert.Equal("/home/op/.mik", c.State.Dir);
        Assert.Equal((5, 30), (c.Cluster.HeartbeatSecs, c.Cluster.LostAfterSecs));
    }

    [Fact]
    public void Lookup_prefers_the_flag_then_MIK_CONFIG_then_the_working_directory()
    {
        using var cwd = new TempConfig("[server]\nport = 3001");
        using var fromEnv = new TempConfig("[server]\nport = 3002");
        using var fromFlag = new TempConfig("[server]\nport = 3003");

        Assert.Equal(3001, ConfigLoader.Load(null, cwd.Lookup, cwd.Directory).Config.Server.Port);
        cwd.Env["MIK_CONFIG"] = fromEnv.Path;
        Assert.Equal(3002, ConfigLoader.Load(null, cwd.Lookup, cwd.Directory).Config.Server.Port);
        Assert.Equal(3003, ConfigLoader.Load(fromFlag.Path, cwd.Lookup, cwd.Directory).Config.Server.Port);
    }

    [Fact]
    public void A_named_file_that_does_not_exist_is_an_error()
    {
        using var temp = new TempConfig();
        var e = Assert.Throws<ConfigOptionException>(() => ConfigLoader.Load(Path.Combine(temp.Directory, "nope.toml"), temp.Lookup));
        Assert.StartsWith("--config ", e.Message);
        Assert.Contains("nope.toml", e.Message);
        Assert.Contains("file not found", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_config_option_is_refused_not_taken_for_no_option(string named)
    {
        // A mik.toml in the working directory must not be picked up in its place, nor the defaults.
        using var temp = new TempConfig("[server]\nport = 3001");
        var e = Assert.Throws<ConfigOptionException>(() => ConfigLoader.Load(named, temp.Lookup, temp.Directory));
        Assert.StartsWith("--config ", e.Message);
        Assert.Contains("must name a mik.toml file", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_config_option_naming_a_folder_says_so()
    {
        using var temp = new TempConfig();
        var e = Assert.Throws<ConfigOptionException>(() => ConfigLoader.Load(temp.Directory, temp.Lookup));
        Assert.Contains("is a folder, not a file", e.Message);
        Assert.Contains(temp.Directory, e.Message);
    }

    [Fact]
    public async Task A_FIFO_as_the_config_is_refused_without_waiting_for_a_writer()
    {
        using var temp = new TempConfig();
        var fifo = Path.Combine(temp.Directory, "mik.toml");
        File.Delete(fifo);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);

        // Opening a FIFO for reading waits for a writer: run elsewhere, so that a regression fails instead of hanging.
        var named = await Task.Run(() => Record.Exception(() => ConfigLoader.Load(fifo, temp.Lookup)))
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Contains("FIFO", Assert.IsType<ConfigOptionException>(named).Message);
        // Found by the lookup as ./mik.toml, it is not checked beforehand, and is still never read.
        var found = await Task.Run(() => Record.Exception(() => ConfigLoader.Load(null, temp.Lookup, temp.Directory)))
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Contains("FIFO", Assert.IsType<ConfigException>(found).Message);
    }

    [Fact]
    public void MIK_CONFIG_naming_a_folder_says_so()
    {
        using var temp = new TempConfig();
        temp.Env["MIK_CONFIG"] = temp.Directory;
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, temp.Lookup, temp.Directory));
        Assert.Contains("env MIK_CONFIG", e.Message);
        Assert.Contains("is a folder, not a file", e.Message);
    }

    [Fact]
    public void Unknown_keys_are_reported_by_their_full_name_and_ignored()
    {
        using var temp = new TempConfig("[server]\nprot = 1\nport = 3005\n[nonsense]\nx = 1\n[admin]\napi_key = \"in-the-file\"");
        var loaded = ConfigLoader.Load(temp.Path, temp.Lookup);

        Assert.Equal(["server.prot", "nonsense", "admin.api_key"], loaded.UnknownKeys);
        Assert.Equal(3005, loaded.Config.Server.Port);
        Assert.Equal("", loaded.Config.Admin.ApiKey);
    }

    [Fact]
    public void Environment_overrides_win_over_the_file()
    {
        using var temp = new TempConfig("[server]\nhost = \"127.0.0.1\"\nport = 3000\n[logging]\nloki_url = \"http://a:3100\"");
        temp.Env["HOST"] = "0.0.0.0";
        temp.Env["PORT"] = "4000";
        temp.Env["MIK_API_KEY"] = "k-123";
        temp.Env["MIK_DATABASE_URL"] = "Host=db;Username=mik;Password=pw";
        temp.Env["MIK_LOKI_URL"] = "http://b:3100";
        var c = ConfigLoader.Load(temp.Path, temp.Lookup).Config;

        Assert.Equal(("0.0.0.0", 4000), (c.Server.Host, c.Server.Port));
        Assert.Equal("k-123", c.Admin.ApiKey);
        Assert.Equal("Host=db;Username=mik;Password=pw", c.Database.Url);
        Assert.Equal("http://b:3100", c.Logging.LokiUrl);
    }
}
