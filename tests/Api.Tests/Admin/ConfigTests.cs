using System.Text.Json;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Tests.Admin;

public sealed class ConfigTests
{
    private const string CanaryKey = "canary-key-7Fq2-never-shown";

    [Fact]
    public async Task The_effective_configuration_is_shown_with_every_secret_redacted()
    {
        await using var mik = await InProcessMik.StartAsync(c => c.Admin.ApiKey = CanaryKey);
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", CanaryKey);

        var body = await mik.Admin.GetStringAsync("/config", TestContext.Current.CancellationToken);

        Assert.DoesNotContain(CanaryKey, body);
        using var json = JsonDocument.Parse(body);
        var config = json.RootElement.GetProperty("config");
        Assert.Equal("[redacted]", config.GetProperty("admin").GetProperty("api_key").GetString());
        Assert.Equal(mik.Config.Server.Port, config.GetProperty("server").GetProperty("port").GetInt32());
        Assert.Equal(mik.Config.Database.Schema, config.GetProperty("database").GetProperty("schema").GetString());
    }

    [Fact]
    public async Task A_secret_setting_is_hidden_whatever_its_value_or_its_name_looks_like()
    {
        const string canary = "canary-7Fq2-in-a-value";
        await using var mik = await InProcessMik.StartAsync(c =>
        {
            // Nothing in these looks like a secret by its name or its shape, yet each setting may carry one.
            c.Logging.LokiUrl = $"https://loki.example.com/loki/api/v1/push?tenant={canary}";
            c.Modules["hello"] = new ModuleOptions { Env = { ["DB_PASS"] = canary, ["EMPTY"] = "" } };
        });

        var body = await mik.Admin.GetStringAsync("/config", TestContext.Current.CancellationToken);

        Assert.DoesNotContain(canary, body);
        Assert.DoesNotContain(TestDatabase.ConnectionString, body);
        using var json = JsonDocument.Parse(body);
        var config = json.RootElement.GetProperty("config");
        Assert.Equal("[redacted]", config.GetProperty("logging").GetProperty("loki_url").GetString());
        Assert.Equal("[redacted]", config.GetProperty("database").GetProperty("url").GetString());
        var env = config.GetProperty("modules").GetProperty("hello").GetProperty("env");
        Assert.Equal("[redacted]", env.GetProperty("DB_PASS").GetString());
        Assert.Equal("", env.GetProperty("EMPTY").GetString());
        Assert.Equal("", config.GetProperty("admin").GetProperty("api_key").GetString());
    }
}
