using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Data.ConfigFile;
using Mik.Durable.Runtime.Configuration;
using static Mik.Durable.Diagnostics.Tests.Data.DataTestSupport;

namespace Mik.Durable.Diagnostics.Tests.Data;

public sealed class ConfigCollectorTests
{
    [Fact]
    public async Task The_copy_of_mik_toml_keeps_the_settings_and_replaces_secret_values_unknown_keys_and_comments()
    {
        var dir = TempDir();
        var toml = Path.Combine(dir, "mik.toml");
        await File.WriteAllTextAsync(toml, """
            # the old password was canary-comment
            [server]
            port = 3123
            modules = "mods"
            [database]
            url = "postgres://mik:canary-db@db:5432/mik"
            schema = "audit"
            [logging]
            loki_url = "https://u:canary-loki@loki.example"
            [admin]
            api_kee = "canary-typo"
            [modules.hello]
            entrypoint = "main"
            env = { TOKEN = "canary-env" }
            volumes = { "/data" = "/srv/data" }
            """, Ct);
        var config = Config(dir);

        var evidence = await CollectAsync(new ConfigCollector(), Context(config, source: toml));

        var copy = evidence.Text("config/mik.toml")!;
        Assert.DoesNotContain("canary", copy, StringComparison.Ordinal);
        Assert.Contains("port = 3123", copy, StringComparison.Ordinal);
        Assert.Contains("schema = \"audit\"", copy, StringComparison.Ordinal);
        Assert.Contains("entrypoint = \"main\"", copy, StringComparison.Ordinal);
        Assert.Contains("/srv/data", copy, StringComparison.Ordinal);
        Assert.Contains("url = \"[redacted]\"", copy, StringComparison.Ordinal);
        Assert.Contains("api_kee = \"[redacted]\"", copy, StringComparison.Ordinal);
        Assert.Contains("TOKEN = \"[redacted]\"", copy, StringComparison.Ordinal);
        var source = evidence.Json("config/source.json")!.Value;
        Assert.Equal(toml, source.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Problems_never_show_the_value_of_a_secret_key_and_config_valid_fails_naming_them()
    {
        var dir = TempDir();
        var problems = new[]
        {
            new ConfigProblem("database.url", "\"postgres://mik:canary@x\"", "not a URL"),
            new ConfigProblem("server.port (env PORT)", "70000", "must be a port from 1 to 65535"),
        };

        var evidence = await CollectAsync(new ConfigCollector(), Context(Config(dir), problems: problems));

        Assert.DoesNotContain("canary", evidence.Text("config/problems.json"), StringComparison.Ordinal);
        Assert.False(evidence.Has("config/mik.toml"), "no file was loaded, so none is copied");
        var result = Single(new ConfigValidCheck(), evidence);
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("database.url = [redacted]: not a URL", result.Evidence);
        Assert.Contains("server.port (env PORT) = 70000: must be a port from 1 to 65535", result.Evidence);
        Assert.Contains("systemctl restart mik", result.Resolution, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_valid_is_ok_for_a_clean_config_and_warns_about_unknown_keys()
    {
        var clean = await CollectAsync(new ConfigCollector(), Context(Config(TempDir())));
        Assert.Equal(Verdict.Ok, Single(new ConfigValidCheck(), clean).Verdict);

        var typo = EvidenceOf(("config/problems.json", "[]"), ("config/source.json", new ConfigSource("/etc/mik/mik.toml", ["server.prot"])));
        var result = Single(new ConfigValidCheck(), typo);
        Assert.Equal(Verdict.Warn, result.Verdict);
        Assert.Contains("server.prot", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_valid_skips_naming_the_collector_when_its_file_is_missing()
    {
        var result = Single(new ConfigValidCheck(), new Evidence(new Dictionary<string, byte[]>(),
            [new Mik.Durable.Diagnostics.Collecting.CollectorStatus("config", "timeout", "did not finish within 10 s", 10000, [])]));
        Assert.Equal(Verdict.Skip, result.Verdict);
        Assert.Contains("collector 'config' timeout: did not finish within 10 s", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_path_is_secret_when_it_lands_on_a_marked_setting_or_on_no_setting()
    {
        Assert.True(SecretSettings.IsSecretKey("database.url"));
        Assert.True(SecretSettings.IsSecretKey("logging.loki_url (env MIK_LOKI_URL)"));
        Assert.True(SecretSettings.IsSecretKey("modules.hello.env.TOKEN"));
        Assert.True(SecretSettings.IsSecretKey("admin.no_such_key"));
        Assert.False(SecretSettings.IsSecretKey("server.port"));
        Assert.False(SecretSettings.IsSecretKey("config (env MIK_CONFIG)"));
        Assert.False(SecretSettings.IsSecretKey("modules.hello.timeout_secs"));
        Assert.False(SecretSettings.IsSecretKey("modules.hello.volumes./data.path"));
    }
}
