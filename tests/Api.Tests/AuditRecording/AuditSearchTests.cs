using Marten;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.AuthFailures;
using Mik.Durable.Domain.Breakers;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Api.Tests.AuditRecording;

public sealed class AuditSearchTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-20T08:00:00Z");
    private DocumentStore _store = null!;
    private AuditSearch _search = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await TestEventStore.CreateAsync();
        _search = new AuditSearch(_store);
        IAuditEvent[] events =
        [
            new ModuleDeployed("hello", T0, "aa", 100, DeploySources.Api, "ops"),
            new CircuitOpened("trap", T0.AddMinutes(1), 5, "handler_trap"),
            new AuthFailed(T0.AddMinutes(2), AuthFailureReasons.MissingKey, "10.0.0.9", "GET", "/instances", "curl"),
            new AotCompiled("hello", T0.AddMinutes(3), "aa", 12, 4096),
            new CircuitHalfOpened("trap", T0.AddMinutes(4)),
            new CircuitOpened("trap", T0.AddMinutes(5), 1, "handler_timeout"),
            new CircuitOpened("hello", T0.AddMinutes(6), 5, "handler_exit"),
        ];
        // Written out of time order, as a spool replay would: queries still sort by when things happened.
        await new AuditStore(_store).AppendAsync([.. events.Skip(3).Select(AuditRecord.New)], skipExisting: false, Ct);
        await new AuditStore(_store).AppendAsync([.. events.Take(3).Select(AuditRecord.New)], skipExisting: false, Ct);
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private Task<AuditPage> Find(Type[]? types = null, string? module = null, DateTimeOffset? since = null,
        DateTimeOffset? until = null, int limit = 100, AuditCursor? after = null) =>
        _search.FindAsync(new AuditFilter(types ?? [], module, since, until, limit, after), Ct);

    [Fact]
    public async Task Everything_comes_newest_first()
    {
        var page = await Find();
        Assert.Equal(7, page.Events.Count);
        Assert.Equal(page.Events.Select(e => e.Timestamp).OrderDescending(), page.Events.Select(e => e.Timestamp));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task By_type_module_and_time_range()
    {
        var opened = await Find(types: [typeof(CircuitOpened)]);
        Assert.Equal([T0.AddMinutes(6), T0.AddMinutes(5), T0.AddMinutes(1)], opened.Events.Select(e => e.Timestamp));

        var trapOpened = await Find(types: [typeof(CircuitOpened)], module: "trap");
        Assert.Equal(["handler_timeout", "handler_trap"], trapOpened.Events.Select(e => ((CircuitOpened)e.Data).LastError));

        var hello = await Find(module: "hello");
        Assert.Equal(["circuit_opened", "aot_compiled", "module_deployed"], hello.Events.Select(e => e.Type));

        var window = await Find(since: T0.AddMinutes(2), until: T0.AddMinutes(4));
        Assert.Equal(["circuit_half_opened", "aot_compiled", "auth_failed"], window.Events.Select(e => e.Type));

        var auth = Assert.Single((await Find(types: [typeof(AuthFailed)])).Events);
        Assert.StartsWith("auth:2026-11-20", auth.Stream);
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        var seen = new List<DateTimeOffset>();
        AuditCursor? after = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await Find(limit: 3, after: after);
            seen.AddRange(page.Events.Select(e => e.Timestamp));
            if (page.Next is null) break;
            Assert.True(AuditCursor.TryParse(page.Next, out after));
        }
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(m => T0.AddMinutes(m)), seen);
    }
}
