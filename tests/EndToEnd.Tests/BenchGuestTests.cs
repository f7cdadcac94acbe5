using System.Net;
using System.Text.RegularExpressions;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>The guest of benchmark figure 2 (docs/benchmarks.md): its work and its own clock, through the published binary.</summary>
public sealed partial class BenchGuestTests(GuestServerFixture server) : IClassFixture<GuestServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"^cpuwork n=(\d+) ns=(\d+) x=([0-9a-f]{16})\n$")]
    private static partial Regex Answer();

    [Fact]
    public async Task The_cpuwork_guest_does_the_work_asked_and_reports_its_own_time_for_it()
    {
        var first = await RunAsync(300_000);
        var again = await RunAsync(300_000);
        var other = await RunAsync(1_000);

        Assert.Equal("300000", first.Groups[1].Value);
        // The guest's clock (WASI clock_time_get through mik) moved while it worked: the figure divides by it.
        Assert.True(long.Parse(first.Groups[2].Value) > 0, first.Value);
        // The same work gives the same result, other work another: the loop really ran n rounds.
        Assert.Equal(first.Groups[3].Value, again.Groups[3].Value);
        Assert.NotEqual(first.Groups[3].Value, other.Groups[3].Value);
    }

    private async Task<Match> RunAsync(int n)
    {
        using var response = await server.Mik.Runtime.GetAsync($"/run/cpuwork/?n={n}", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = Answer().Match(body);
        Assert.True(match.Success, body);
        return match;
    }
}
