using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary><c>mik state rebuild</c> and <c>mik instances prune</c> on the published binary, with one mik up, down, and a wrong key.</summary>
public sealed class CliStateTests(AdminCliFixture server) : IClassFixture<AdminCliFixture>
{
    public static TheoryData<string[]> Commands => new()
    {
        new[] { "state", "rebuild" },
        new[] { "instances", "prune" },
    };

    [Fact]
    public async Task State_rebuild_rebuilds_every_projection_prints_one_JSON_line_and_is_recorded()
    {
        await WaitUntilRunningProjectionsAsync();
        var rebuilt = Assert.Single((await server.RunAsync("state", "rebuild")).Ok().JsonLines);
        Assert.Equal(["modules", "breakers", "instances"], rebuilt.GetProperty("projections").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(Documents(rebuilt, "instances") >= 1);
        Assert.True(rebuilt.GetProperty("events").GetInt64() >= 1);

        // The instance list is projected again, and the projections keep running after the rebuild.
        var self = Assert.Single((await server.RunAsync("instances")).Ok().JsonLines);
        Assert.Equal(JsonValueKind.Number, self.GetProperty("pid").ValueKind);
        await WaitUntilRunningProjectionsAsync();

        var recorded = (await server.RunAsync("audit", "--type", "ProjectionsRebuilt")).Ok().JsonLines;
        Assert.Contains(recorded, e => e.GetProperty("stream").GetString() == "state"
            && e.GetProperty("data").GetProperty("actor").GetString()!.StartsWith("api@", StringComparison.Ordinal));

        var logged = (await LogLines.WaitAsync(server.Mik, l => l.Any(x => x.Is("message", "projections_rebuilt")), "projections_rebuilt"))
            .First(l => l.Is("message", "projections_rebuilt"));
        Assert.Equal("modules,breakers,instances", logged.GetProperty("projections").GetString());

        var one = Assert.Single((await server.RunAsync("state", "rebuild", "--projection", "modules")).Ok().JsonLines);
        Assert.Equal("modules", Assert.Single(one.GetProperty("projections").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task State_rebuild_on_a_terminal_shows_what_was_rebuilt()
    {
        await WaitUntilRunningProjectionsAsync();
        var shown = await PseudoTerminal.RunAsync(AdminCliFixture.Key, server.Sandbox.Directory, "state", "rebuild", "--config", server.Sandbox.ConfigPath);
        Assert.Matches(@"rebuilt modules: \d+ documents", shown);
        Assert.Matches(@"rebuilt breakers: \d+ documents", shown);
        Assert.Matches(@"rebuilt instances: \d+ documents", shown);
        Assert.Matches(@"from \d+ events, on instance \S+", shown);
        Assert.DoesNotContain("{", shown);
    }

    [Fact]
    public async Task An_unknown_projection_is_exit_2_naming_the_choices()
    {
        var line = (await server.RunAsync("state", "rebuild", "--projection", "everything")).SingleErrorLine(2);
        Assert.StartsWith("mik: 400 ", line);
        Assert.Contains("modules, breakers, instances", line);
    }

    [Fact]
    public async Task Instances_prune_with_nothing_lost_says_so_and_is_exit_0()
    {
        var answer = Assert.Single((await server.RunAsync("instances", "prune")).Ok().JsonLines);
        Assert.Equal(0, answer.GetProperty("pruned").GetArrayLength());
        var shown = await PseudoTerminal.RunAsync(AdminCliFixture.Key, server.Sandbox.Directory, "instances", "prune", "--config", server.Sandbox.ConfigPath);
        Assert.Contains("nothing to prune: no instance is lost", shown);

        var id = (await File.ReadAllTextAsync(Path.Combine(server.Sandbox.StateDirectory, "instance-id"), TestContext.Current.CancellationToken)).Trim();
        var line = (await server.RunAsync("instances", "prune", id)).SingleErrorLine(1);
        Assert.Equal($"mik: 409 conflict: instance '{id}' is running: only lost instances are pruned", line);
        Assert.Equal("mik: 404 not found: no instance 'nobody' is listed", (await server.RunAsync("instances", "prune", "nobody")).SingleErrorLine(1));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task With_mik_down_each_command_says_so(string[] args)
    {
        using var stopped = new MikSandbox(adminToml: "host = \"0.0.0.0\"\n");
        var run = await AdminCli.RunAsync(AdminCliFixture.Key, stopped.Directory, args);
        Assert.Equal($"mik: mik is not running on 127.0.0.1:{stopped.AdminPort}: start it or pass --admin-url", run.SingleErrorLine(1));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task With_a_wrong_or_missing_key_each_command_says_so_and_changes_nothing(string[] args)
    {
        const string wrong = "wrong-key-canary-4b2d";
        var run = await server.RunWithKeyAsync(wrong, args);
        Assert.Equal("mik: 403 forbidden: check MIK_API_KEY", run.SingleErrorLine(1));
        Assert.DoesNotContain(wrong, run.Stderr);
        var missing = await server.RunWithKeyAsync(null, args);
        Assert.Equal("mik: 401 unauthorized: this mik needs its API key and MIK_API_KEY is not set", missing.SingleErrorLine(1));
    }

    [Theory]
    [InlineData("state", "--help")]
    [InlineData("state", "rebuild", "--help")]
    [InlineData("instances", "prune", "--help")]
    public async Task Each_help_fits_one_screen(params string[] args)
    {
        var help = (await AdminCli.RunAsync(null, server.Sandbox.Directory, args)).Ok();
        Assert.InRange(help.Lines.Count, 3, 24);
        Assert.Contains("  mik " + string.Join(' ', args[..^1]) + " ", help.Stdout);
    }

    private static int Documents(JsonElement rebuilt, string name) =>
        rebuilt.GetProperty("projections").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("documents").GetInt32();

    // The daemon starts once the schema is ready and takes the HotCold lock a moment later.
    private async Task WaitUntilRunningProjectionsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await server.RunAsync("instances")).Ok().JsonLines.Any(i => i.GetProperty("runs_projections").GetBoolean()))
        {
            Assert.True(DateTime.UtcNow < deadline, "this instance never ran the projections");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }
}
