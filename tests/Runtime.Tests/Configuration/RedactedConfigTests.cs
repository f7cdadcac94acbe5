using System.Collections;
using System.Reflection;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Tests.Configuration;

public sealed class RedactedConfigTests
{
    private const string Canary = "canary-Zq81-secret";

    /// <summary>
    /// Every string setting that is not a secret, by class and property. A new string setting fails the test below
    /// until it is either marked [Secret] or added here: a new secret cannot reach a bundle unmarked.
    /// </summary>
    private static readonly HashSet<string> NotSecret =
    [
        "ServerOptions.Host", "ServerOptions.Modules", "AdminOptions.Host", "DatabaseOptions.Schema", "LoggingOptions.Level", "ClusterOptions.ModuleSource",
        "LoggingOptions.File", "StateOptions.Dir", "ModuleOptions.Entrypoint", "VolumeOptions.Path", "ModuleOptions.AllowedOutboundHosts",
    ];

    [Fact]
    public void Every_string_setting_of_every_options_class_is_marked_secret_or_listed_as_not_secret()
    {
        var unmarked = new List<string>();
        foreach (var type in OptionsClasses())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!HoldsText(property.PropertyType)) continue;
                var name = $"{type.Name}.{property.Name}";
                var secret = property.GetCustomAttribute<SecretAttribute>() is not null;
                if (!secret && !NotSecret.Contains(name)) unmarked.Add(name);
                Assert.False(secret && NotSecret.Contains(name), $"{name} is both [Secret] and listed as not secret");
            }
        }
        Assert.Empty(unmarked);
        Assert.Contains(typeof(VolumeOptions), OptionsClasses());
    }

    [Fact]
    public void The_settings_that_hold_secrets_are_marked()
    {
        Assert.NotNull(typeof(AdminOptions).GetProperty(nameof(AdminOptions.ApiKey))!.GetCustomAttribute<SecretAttribute>());
        Assert.NotNull(typeof(DatabaseOptions).GetProperty(nameof(DatabaseOptions.Url))!.GetCustomAttribute<SecretAttribute>());
        Assert.NotNull(typeof(LoggingOptions).GetProperty(nameof(LoggingOptions.LokiUrl))!.GetCustomAttribute<SecretAttribute>());
        Assert.NotNull(typeof(ModuleOptions).GetProperty(nameof(ModuleOptions.Env))!.GetCustomAttribute<SecretAttribute>());
    }

    [Fact]
    public void Secret_settings_render_as_redacted_when_set_and_empty_when_not_and_the_others_as_they_are()
    {
        var config = new MikConfig();
        config.Admin.ApiKey = "canary-key-4711";
        config.Database.Url = "postgres://mik:canary-pw@db:5432/mik";
        config.Modules["hello"] = new ModuleOptions { Env = { ["TOKEN"] = "canary-token", ["EMPTY"] = "" } };
        config.Server.Port = 3123;

        var json = RedactedConfig.ToJson(config).ToJsonString();
        var effective = RedactedConfig.ToJson(config);

        Assert.Equal("[redacted]", (string?)effective["admin"]!["api_key"]);
        Assert.Equal("[redacted]", (string?)effective["database"]!["url"]);
        Assert.Equal("", (string?)effective["logging"]!["loki_url"]);
        Assert.Equal("[redacted]", (string?)effective["modules"]!["hello"]!["env"]!["TOKEN"]);
        Assert.Equal("", (string?)effective["modules"]!["hello"]!["env"]!["EMPTY"]);
        Assert.Equal(3123, (int)effective["server"]!["port"]!);
        Assert.Equal("mik", (string?)effective["database"]!["schema"]);
        Assert.DoesNotContain("canary", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_replaced_wherever_they_hide()
    {
        var config = new MikConfig();
        config.Admin.ApiKey = Canary;
        config.Database.Url = $"postgres://mik:{Canary}@db.internal:5432/mik";
        config.Logging.LokiUrl = $"https://user:{Canary}@loki.example.com";

        var json = RedactedConfig.ToJson(config).ToJsonString();

        Assert.DoesNotContain(Canary, json);
        Assert.Contains("\"url\":\"[redacted]\"", json);
        Assert.Contains("\"loki_url\":\"[redacted]\"", json);
        Assert.Contains("\"api_key\":\"[redacted]\"", json);
        Assert.Contains("\"port\":3000", json);
    }

    [Theory]
    [InlineData("database.url", $"Host=db;Username=mik;Password={Canary};Database=mik", "[redacted]")]
    [InlineData("database.url", $"host=db;pwd={Canary}", "[redacted]")]
    [InlineData("database.url", $"postgres://db/mik?password={Canary}", "[redacted]")]
    [InlineData("logging.loki_url", $"https://loki.example.com/loki/api/v1/push?tenant={Canary}", "[redacted]")]
    [InlineData("modules.hello.env.DB_PASS", Canary, "[redacted]")]
    [InlineData("admin.api_key", "", "")]
    [InlineData("server.modules", "/var/lib/mik/modules", "/var/lib/mik/modules")]
    public void A_value_is_shown_by_its_setting_never_by_its_name_or_shape(string key, string value, string expected)
    {
        var config = new MikConfig();
        switch (key)
        {
            case "database.url": config.Database.Url = value; break;
            case "logging.loki_url": config.Logging.LokiUrl = value; break;
            case "modules.hello.env.DB_PASS": config.Modules["hello"] = new ModuleOptions { Env = { ["DB_PASS"] = value } }; break;
            case "admin.api_key": config.Admin.ApiKey = value; break;
            case "server.modules": config.Server.Modules = value; break;
        }

        var shown = key.Split('.').Aggregate((System.Text.Json.Nodes.JsonNode?)RedactedConfig.ToJson(config), (node, part) => node![part]);

        Assert.Equal(expected, (string?)shown);
    }

    /// <summary>MikConfig and every class reachable from its settings (through dictionaries too), plus every *Options class.</summary>
    private static HashSet<Type> OptionsClasses()
    {
        var found = new HashSet<Type>();
        var assembly = typeof(MikConfig).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && t.IsPublic && t.Namespace == typeof(MikConfig).Namespace && t.Name.EndsWith("Options", StringComparison.Ordinal)))
            Walk(type, found);
        Walk(typeof(MikConfig), found);
        return found;
    }

    private static void Walk(Type type, HashSet<Type> found)
    {
        if (!found.Add(type)) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (typeof(IDictionary).IsAssignableFrom(t) && t.IsGenericType) t = t.GetGenericArguments()[1];
            if (t.IsClass && t != typeof(string) && t.Assembly == typeof(MikConfig).Assembly) Walk(t, found);
        }
    }

    private static bool HoldsText(Type type) =>
        type == typeof(string) || (type.IsGenericType && type.GetGenericArguments().Contains(typeof(string)) && typeof(IEnumerable).IsAssignableFrom(type)
            && type.GetGenericArguments().Last() == typeof(string));
}
