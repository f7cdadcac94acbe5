using System.Globalization;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary><c>mik audit</c> with each filter, and <c>--follow</c> tailing new events until a signal, on the published binary.</summary>
public sealed class CliAuditTests(AdminCliFixture server) : IClassFixture<AdminCliFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Audit_filters_by_type_module_time_and_limit_and_prints_JSON_lines()
    {
        (await server.RunAsync("circuits", "reset", "hello")).Ok();
        (await server.RunAsync("circuits", "reset", "hello")).Ok();
        var until = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var resets = (await server.RunAsync("audit", "--type", "circuit_reset", "--module", "hello", "--since", "1h", "--until", until)).Ok().JsonLines;
        Assert.True(resets.Count >= 2);
        Assert.All(resets, e => Assert.Equal("circuit_reset", e.GetProperty("type").GetString()));

        var newest = Assert.Single((await server.RunAsync("audit", "--type", "CircuitReset", "--limit", "1", "--json")).Ok().JsonLines);
        Assert.Equal(resets[0].GetProperty("id").GetString(), newest.GetProperty("id").GetString());

        Assert.Empty((await server.RunAsync("audit", "--module", "hello", "--until", "2000-01-01T00:00:00Z")).Ok().Lines);
    }

    [Fact]
    public async Task A_filter_the_server_refuses_is_a_usage_error_naming_it()
    {
        var line = (await server.RunAsync("audit", "--since", "yesterday")).SingleErrorLine(2);
        Assert.StartsWith("mik: 400 invalid request: since: must be an RFC 3339 time", line);
        Assert.StartsWith("mik: 400 invalid request: limit: ", (await server.RunAsync("audit", "--limit", "0")).SingleErrorLine(2));
        Assert.StartsWith("mik: 400 invalid request: type: unknown event type 'nonsense'",
            (await server.RunAsync("audit", "--type", "nonsense")).SingleErrorLine(2));
    }

    [Theory]
    [InlineData(MikProcess.Sigterm)]
    [InlineData(2)]
    public async Task Follow_prints_an_event_recorded_after_it_started_and_exits_0_on_a_signal(int signal)
    {
        // Two resets, of which the first page (--limit 1) shows one: the other is older, and no news while following.
        (await server.RunAsync("circuits", "reset", "hello")).Ok();
        (await server.RunAsync("circuits", "reset", "hello")).Ok();
        await using var follow = MikProcess.Start(server.Sandbox,
            "audit", "--follow", "--type", "CircuitReset", "--limit", "1", "--config", server.Sandbox.ConfigPath);
        // The first page (the reset above, or a later one) shows the follower is running.
        var first = await WaitForAsync(() => follow.StdoutLines.Count >= 1 ? follow.StdoutLines[0] : null);
        var firstId = Parse(first).GetProperty("id").GetString();

        (await server.RunAsync("circuits", "reset", "hello")).Ok();
        var later = await WaitForAsync(() => follow.StdoutLines.Skip(1).FirstOrDefault());
        var next = Parse(later);
        Assert.Equal("circuit_reset", next.GetProperty("type").GetString());
        Assert.NotEqual(firstId, next.GetProperty("id").GetString());

        follow.Signal(signal);
        Assert.Equal(0, await follow.WaitForExitAsync(Deadline));
        Assert.Equal("", follow.Stderr);
        Assert.Equal(2, follow.StdoutLines.Count);
    }

    private static System.Text.Json.JsonElement Parse(string line)
    {
        using var document = System.Text.Json.JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    private static async Task<string> WaitForAsync(Func<string?> line)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            if (line() is { } found) return found;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("mik audit --follow printed nothing new");
    }
}
