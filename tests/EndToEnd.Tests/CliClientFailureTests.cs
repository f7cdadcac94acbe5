using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// What every admin client command says when it cannot do its work: mik not running, a wrong or missing key, a bad
/// <c>--config</c> or <c>--admin-url</c>. One line on stderr, nothing on stdout, never the key.
/// </summary>
public sealed class CliClientFailureTests(AdminCliFixture server) : IClassFixture<AdminCliFixture>
{
    public static TheoryData<string[]> Commands => new()
    {
        new[] { "modules", "list" },
        new[] { "modules", "show", "hello" },
        new[] { "modules", "deploy", MikSandbox.GuestPath("hello"), "--name", "hello" },
        new[] { "modules", "rm", "hello", "--reason", "x" },
        new[] { "modules", "history", "hello" },
        new[] { "circuits" },
        new[] { "circuits", "reset", "hello" },
        new[] { "instances" },
        new[] { "ps" },
        new[] { "audit", "--limit", "5" },
        new[] { "audit", "--follow" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task With_mik_down_each_command_says_so_naming_the_configured_address(string[] args)
    {
        // A config whose admin port nobody listens on, found as serve finds it: ./mik.toml in the working directory.
        using var stopped = new MikSandbox(adminToml: "host = \"0.0.0.0\"\n");
        var run = await AdminCli.RunAsync(AdminCliFixture.Key, stopped.Directory, args);
        Assert.Equal($"mik: mik is not running on 127.0.0.1:{stopped.AdminPort}: start it or pass --admin-url", run.SingleErrorLine(1));

        var port = Ports.Free();
        var passed = await AdminCli.RunAsync(AdminCliFixture.Key, stopped.Directory, [.. args, "--admin-url", $"http://127.0.0.1:{port}"]);
        Assert.Equal($"mik: mik is not running on 127.0.0.1:{port}: start it or pass --admin-url", passed.SingleErrorLine(1));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task With_a_wrong_key_each_command_says_403_and_never_prints_the_key(string[] args)
    {
        const string wrong = "wrong-key-canary-77e1";
        var run = await server.RunWithKeyAsync(wrong, args);
        Assert.Equal("mik: 403 forbidden: check MIK_API_KEY", run.SingleErrorLine(1));
        Assert.DoesNotContain(wrong, run.Stderr);

        var missing = await server.RunWithKeyAsync(null, args);
        Assert.Equal("mik: 401 unauthorized: this mik needs its API key and MIK_API_KEY is not set", missing.SingleErrorLine(1));
    }

    [Fact]
    public async Task A_key_no_header_can_carry_is_refused_without_showing_it()
    {
        var run = await server.RunWithKeyAsync("canary-\u0001-3c9a", "ps");
        Assert.Equal("mik: MIK_API_KEY holds characters an HTTP header cannot carry (printable ASCII only)", run.SingleErrorLine(1));
    }

    [Fact]
    public async Task The_admin_url_flag_reaches_the_server_the_config_does_not_name()
    {
        var elsewhere = Directory.CreateTempSubdirectory("mik-cli-").FullName;
        // modules, not instances: the module list is the server's own memory, while a just-started mik's instance
        // reaches the projection that `instances` reads a moment later (a CI run read an empty list).
        var run = (await AdminCli.RunAsync(AdminCliFixture.Key, elsewhere, "modules", "list", "--admin-url", $"127.0.0.1:{server.Sandbox.AdminPort}")).Ok();
        Assert.Contains(run.JsonLines, m => m.GetProperty("name").GetString() == "hello");
        Directory.Delete(elsewhere);
    }

    [Fact]
    public async Task A_bad_config_or_admin_url_is_a_usage_error()
    {
        var missing = Path.Combine(server.Sandbox.Directory, "missing.toml");
        var badConfig = await AdminCli.RunAsync(AdminCliFixture.Key, server.Sandbox.Directory, "modules", "list", "--config", missing);
        Assert.Equal($"mik: --config \"{missing}\": {missing}: file not found", badConfig.SingleErrorLine(2));

        var badUrl = await AdminCli.RunAsync(AdminCliFixture.Key, server.Sandbox.Directory, "circuits", "--admin-url", "not a url");
        Assert.Equal("mik: --admin-url: 'not a url' is not an address such as http://127.0.0.1:9919", badUrl.SingleErrorLine(2));
    }

    [Fact]
    public async Task An_answer_that_is_not_the_admin_APIs_is_one_line_and_verbose_adds_the_stack_trace()
    {
        // Something else listening where mik was expected: it answers every request 200 with an empty JSON object.
        var port = Ports.Free();
        using var other = new System.Net.HttpListener();
        other.Prefixes.Add($"http://127.0.0.1:{port}/");
        other.Start();
        _ = Task.Run(async () =>
        {
            while (other.IsListening)
            {
                var context = await other.GetContextAsync();
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync("{}"u8.ToArray());
                context.Response.Close();
            }
        }, TestContext.Current.CancellationToken);
        var url = $"http://127.0.0.1:{port}";

        var quiet = await AdminCli.RunAsync(AdminCliFixture.Key, server.Sandbox.Directory, "audit", "--admin-url", url);
        var line = quiet.SingleErrorLine(1);
        Assert.StartsWith("mik: unexpected error: ", line);
        Assert.EndsWith("(--verbose shows where)", line);

        var verbose = await AdminCli.RunAsync(AdminCliFixture.Key, server.Sandbox.Directory, "audit", "--admin-url", url, "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.StartsWith("mik: unexpected error: ", verbose.Stderr);
        Assert.Contains("   at ", verbose.Stderr);
        other.Stop();
    }

    [Fact]
    public async Task Each_help_fits_one_screen()
    {
        string[][] helps =
        [
            ["--help"], ["modules", "--help"], ["modules", "list", "--help"], ["modules", "show", "--help"],
            ["modules", "deploy", "--help"], ["modules", "rm", "--help"], ["modules", "history", "--help"],
            ["circuits", "--help"], ["circuits", "reset", "--help"], ["instances", "--help"], ["ps", "--help"], ["audit", "--help"],
        ];
        foreach (var args in helps)
        {
            var run = (await AdminCli.RunAsync(null, server.Sandbox.Directory, args)).Ok();
            Assert.True(run.Stdout.TrimEnd().Split('\n').Length <= 24, $"mik {string.Join(' ', args)} prints:\n{run.Stdout}");
        }
    }
}
