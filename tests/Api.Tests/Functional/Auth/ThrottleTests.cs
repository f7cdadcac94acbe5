using System.Net;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Auth;

public sealed class ThrottleTests(ThrottledAuthMik mik) : IClassFixture<ThrottledAuthMik>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_of_failures_is_throttled_with_429_and_every_failure_is_still_audited()
    {
        await mik.ReadyAsync();
        using var wrong = mik.Admin(key: "guess");
        using var admin = mik.Admin();
        for (var i = 0; i < 3; i++) await ProblemAsync(await wrong.GetAsync("/modules", Ct), HttpStatusCode.Forbidden);

        using var throttled = await wrong.GetAsync("/modules", Ct);
        await ProblemAsync(throttled, HttpStatusCode.TooManyRequests);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // While throttled, the right key gets the same answer: a guesser cannot tell a hit from a miss.
        await ProblemAsync(await admin.GetAsync("/modules", Ct), HttpStatusCode.TooManyRequests);
        // Probes are never throttled.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health", Ct)).StatusCode);

        // The audit is read straight from the store (the API itself refuses this address for now).
        var events = await AuditStoreEventsAsync(4);
        Assert.Equal(4, events.Count);
        Assert.Equal(1, events.Count(e => e.Throttled));
        Assert.All(events, e => Assert.Equal("invalid_key", e.Reason));
    }

    private async Task<List<Domain.AuthFailures.AuthFailed>> AuditStoreEventsAsync(int count)
    {
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Marten.IDocumentStore>(mik.Services);
        for (var waited = 0; ; waited += 200)
        {
            await using var session = store.QuerySession();
            var events = (await Marten.QueryableExtensions.ToListAsync(
                session.Events.QueryRawEventDataOnly<Domain.AuthFailures.AuthFailed>(), Ct)).ToList();
            if (events.Count >= count || waited > 20_000) return events;
            await Task.Delay(200, Ct);
        }
    }
}
