using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// A configuration that cannot be used, as <c>serve</c>, <c>mik db</c> and the admin API commands report it: the
/// same lines from each, every problem on a line of its own, nothing on stdout (docs/operations.md, "Configuration").
/// </summary>
public sealed class CliConfigErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-config-error-").FullName;

    public static TheoryData<string[]> Commands => new()
    {
        new[] { "serve" },
        new[] { "db", "status" },
        new[] { "modules", "list" },
        new[] { "cache", "list" },
        new[] { "audit" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_config_that_does_not_load_is_exit_1_with_every_problem_on_its_own_line(string[] command)
    {
        var config = Path.Combine(_dir, "mik.toml");
        await File.WriteAllTextAsync(config, "[server]\nport = \"abc\"\ncache_size = \"many\"\n", TestContext.Current.CancellationToken);

        var result = await MikCli.RunAsync(_dir, [.. command, "--config", config]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"mik: invalid configuration ({config}):\n" +
            "  server.port = \"abc\": expected an integer\n" +
            "  server.cache_size = \"many\": expected an integer\n",
            result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_config_option_naming_no_file_is_exit_2_in_one_line(string[] command)
    {
        var missing = Path.Combine(_dir, "missing.toml");

        var result = await MikCli.RunAsync(_dir, [.. command, "--config", missing]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"mik: --config \"{missing}\": {missing}: file not found\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
