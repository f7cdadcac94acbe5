using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Tests.Configuration;

public sealed class ConfigRedactionTests
{
    private const string Canary = "canary-Zq81-secret";

    [Fact]
    public void Secrets_are_replaced_wherever_they_hide()
    {
        var config = new MikConfig();
        config.Admin.ApiKey = Canary;
        config.Database.Url = $"postgres://mik:{Canary}@db.internal:5432/mik";
        config.Logging.LokiUrl = $"https://user:{Canary}@loki.example.com";

        var json = ConfigRedaction.ToRedactedJson(config).ToJsonString();

        Assert.DoesNotContain(Canary, json);
        Assert.Contains("postgres://mik:[redacted]@db.internal:5432/mik", json);
        Assert.Contains("\"api_key\":\"[redacted]\"", json);
        Assert.Contains("\"port\":3000", json);
    }

    [Theory]
    [InlineData("url", $"Host=db;Username=mik;Password={Canary};Database=mik", "Host=db;Username=mik;Password=[redacted];Database=mik")]
    [InlineData("url", $"host=db;pwd={Canary}", "host=db;pwd=[redacted]")]
    [InlineData("webhook_token", Canary, "[redacted]")]
    [InlineData("api_key", "", "")]
    [InlineData("modules", "/var/lib/mik/modules", "/var/lib/mik/modules")]
    public void A_value_is_redacted_by_its_key_and_its_shape(string key, string value, string expected) =>
        Assert.Equal(expected, ConfigRedaction.RedactValue(key, value));
}
