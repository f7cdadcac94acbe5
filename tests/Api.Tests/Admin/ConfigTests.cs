using System.Text.Json;
using Mik.Durable.Api.Tests.Support;

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
}
