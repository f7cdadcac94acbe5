using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Tests.Configuration;

public sealed class ConfigKeysTests
{
    [Fact]
    public void The_effective_configuration_flattens_to_the_keys_of_the_file()
    {
        using var temp = new TempConfig("""
            [server]
            port = 3100
            [cluster]
            heartbeat_secs = 2
            [modules.hello]
            timeout_secs = 4
            env = { GREETING = "hi" }
            volumes = { "/data" = { path = "/srv/data", writable = true } }
            """);
        temp.Env["MIK_API_KEY"] = "secret-key";
        var keys = ConfigKeys.Flatten(ConfigLoader.Load(temp.Path, temp.Lookup).Config);

        Assert.Equal("3100", keys["server.port"]);
        Assert.Equal("\"0.0.0.0\"", keys["server.host"]);
        Assert.Equal("true", keys["server.aot_cache"]);
        Assert.Equal(("2", "30"), (keys["cluster.heartbeat_secs"], keys["cluster.lost_after_secs"]));
        Assert.Equal("4", keys["modules.hello.timeout_secs"]);
        Assert.Equal("\"hi\"", keys["modules.hello.env.GREETING"]);
        Assert.Equal(("\"/srv/data\"", "true"), (keys["modules.hello.volumes.\"/data\".path"], keys["modules.hello.volumes.\"/data\".writable"]));
        Assert.False(keys.ContainsKey("modules.hello.max_memory_mb"), "an unset override has no key");
        Assert.DoesNotContain(keys, k => k.Key.Contains("api_key", StringComparison.Ordinal) || k.Value.Contains("secret-key", StringComparison.Ordinal));
        Assert.Equal(keys.Keys.Order(StringComparer.Ordinal), keys.Keys);
    }
}
