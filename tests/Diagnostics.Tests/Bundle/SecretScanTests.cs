using System.Text;
using Mik.Durable.Diagnostics.Bundle;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Tests.Bundle;

public sealed class SecretScanTests
{
    private const string ApiKey = "canary-api-KEY-4d1f";
    private const string DbPassword = "canary/db pass+w0rd";
    private const string LokiPassword = "canary-loki-9c2e";

    [Fact]
    public void The_secrets_are_the_api_key_the_database_password_and_every_url_password_of_the_config()
    {
        var config = Config();

        var secrets = SecretValues.From(BundleFixtures.Context(config, ApiKey));

        Assert.Contains(new Secret("api_key", ApiKey), secrets);
        Assert.Contains(new Secret("database.url password", DbPassword), secrets);
        Assert.Contains(new Secret("logging.loki_url password", LokiPassword), secrets);
    }

    [Fact]
    public void A_connection_string_password_is_a_secret_too()
    {
        var config = new MikConfig();
        config.Database.Url = $"Host=db;Username=mik;Password={DbPassword};Database=mik";

        Assert.Contains(new Secret("database.url password", DbPassword), SecretValues.From(BundleFixtures.Context(config)));
    }

    [Fact]
    public void Every_form_of_every_canary_is_replaced_in_every_file_and_the_manifest_names_file_and_kind_never_the_value()
    {
        var evidence = BundleFixtures.Evidence(
            ("logs/mik.log", $"{{\"message\":\"auth\",\"key\":\"{ApiKey}\"}}\n"),
            ("config/mik.toml", $"url = \"postgres://mik:{Uri.EscapeDataString(DbPassword)}@db:5432/mik\"\n"),
            ("config/effective.json", $"{{\"password\":\"{DbPassword.Replace("+", "\\u002B", StringComparison.Ordinal)}\"}}"),
            ("health.json", $"{{\"loki\":\"http://u:{LokiPassword}@loki:3100\"}}"),
            ("notes.txt", $"form {System.Net.WebUtility.UrlEncode(DbPassword)} and {Uri.EscapeDataString(DbPassword).ToLowerInvariant()}"),
            ("clean.txt", "nothing secret here"));
        var scanner = new SecretScanner(SecretValues.From(BundleFixtures.Context(Config(), ApiKey)));

        var bundle = BundleFixtures.Prepare(evidence, scanner);

        foreach (var (path, content) in bundle.Files)
        {
            var text = Encoding.UTF8.GetString(content);
            foreach (var canary in new[] { ApiKey, DbPassword, LokiPassword, Uri.EscapeDataString(DbPassword), "canary" })
                Assert.False(text.Contains(canary, StringComparison.OrdinalIgnoreCase), $"{path} still holds {canary}: {text}");
        }
        Assert.Equal(
            [
                ("config/effective.json", "database.url password"),
                ("config/mik.toml", "database.url password"),
                ("health.json", "logging.loki_url password"),
                ("logs/mik.log", "api_key"),
                ("notes.txt", "database.url password"),
            ],
            bundle.Manifest.Redactions.Select(r => (r.File, r.Kind)));
        Assert.Equal("nothing secret here", Encoding.UTF8.GetString(bundle.Files["clean.txt"]));
        Assert.Contains("[redacted]", Encoding.UTF8.GetString(bundle.Files["logs/mik.log"]));
    }

    [Fact]
    public void A_secret_in_a_collectors_failure_reason_is_replaced_in_the_manifest_and_its_err_file()
    {
        var evidence = new Evidence(
            new Dictionary<string, byte[]> { ["audit.err.txt"] = Encoding.UTF8.GetBytes($"HttpRequestException: key {ApiKey} refused\n") },
            [new CollectorStatus("audit", CollectorStatus.Failed, $"key {ApiKey} refused", 3, ["audit.err.txt"])]);

        var bundle = BundleFixtures.Prepare(evidence, new SecretScanner([new Secret("api_key", ApiKey)]));

        Assert.DoesNotContain(ApiKey, Encoding.UTF8.GetString(bundle.Files["manifest.json"]));
        Assert.DoesNotContain(ApiKey, Encoding.UTF8.GetString(bundle.Files["audit.err.txt"]));
        Assert.Equal(["audit.err.txt", "manifest.json"], bundle.Manifest.Redactions.Select(r => r.File));
    }

    private static MikConfig Config()
    {
        var config = new MikConfig();
        config.Database.Url = $"postgres://mik:{Uri.EscapeDataString(DbPassword)}@db.example:5432/mik";
        config.Logging.LokiUrl = $"http://user:{LokiPassword}@127.0.0.1:3100";
        return config;
    }
}
