using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// One row per config section with every key of it set to a value of the wrong type, generated from the options
/// classes' own key list (<see cref="ConfigKeys"/>): a key added to a section is in its row without a change here.
/// </summary>
internal static class ConfigWrongTypes
{
    // Numbers no other row uses: a secret setting's wrong value must not be printed, so the row looks for it.
    private const string SecretCanary = "987654321";
    private const string NotSecret = "4242";

    public static IEnumerable<ConfigCase> Rows() =>
        ConfigKeys.Flatten(Sample()).GroupBy(k => k.Key.Split('.')[0]).Select(section =>
        {
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            var lines = new List<string>();
            foreach (var (key, shown) in section)
            {
                var (value, expected) = WrongValue(key, shown);
                keys[key] = value;
                var printed = value == SecretCanary ? "(not shown: it may hold a secret)" : value;
                lines.Add($"{key} = {printed}: expected {expected}");
            }
            var names = string.Join(", ", section.Select(k => k.Key[(section.Key.Length + 1)..]));
            var row = new BadInputCase("config", $"wrong_type_{section.Key}",
                $"every `[{section.Key}]` key of the wrong type: {names}", "exit 1", lines[0], HealthyAfter: false);
            return new ConfigCase(row, new ConfigSetup { Keys = keys, Lines = lines, Hidden = SecretCanary });
        });

    /// <summary>The defaults, plus one module with every optional setting set, so that its keys are listed too.</summary>
    private static MikConfig Sample()
    {
        var config = new MikConfig();
        config.Modules["hello"] = new ModuleOptions
        {
            Env = { ["TOKEN"] = "t" },
            Volumes = { ["/data"] = new VolumeOptions { Path = "/srv/data" } },
            TimeoutSecs = 1,
            MaxMemoryMb = 1,
            MaxConcurrent = 1,
            FailureThreshold = 1,
            RecoveryTimeoutSecs = 1,
            AllowedOutboundHosts = ["https://example.com"],
        };
        return config;
    }

    /// <summary>A TOML value of another type than the key's default (as <see cref="ConfigKeys"/> shows it) and what mik asks for.</summary>
    private static (string Value, string Expected) WrongValue(string key, string shown) => shown switch
    {
        ['"', ..] => (SecretSettings.IsSecretKey(key) ? SecretCanary : NotSecret, "a string"),
        ['[', ..] => ("\"https://example.com\"", "an array of strings"),
        "true" or "false" => ("\"yes\"", "true or false"),
        _ => ("\"wrong\"", "an integer"),
    };
}
