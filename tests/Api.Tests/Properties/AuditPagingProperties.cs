using CsCheck;
using Marten;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Breakers;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Api.Tests.Properties;

/// <summary>
/// Audit paging (<c>GET /audit</c>, <c>GET /modules/{name}/history</c>): for any events, filter and page size,
/// following <c>next</c> from the first page yields every matching event exactly once, newest first, even with
/// events recorded between page reads (docs/reliability.md, Property-based tests).
/// </summary>
public sealed class AuditPagingProperties : IAsyncLifetime
{
    internal const long Iterations = 60;
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-02-01T10:00:00Z");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The event types a run uses, one per stream kind (<see cref="PagedEvent.Kind"/>).</summary>
    internal static readonly Type[] Types = [typeof(ModuleRemoved), typeof(CircuitOpened), typeof(AotInvalidated)];

    private static readonly Gen<PagedEvent> Event =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 12], Gen.OneOf(Gen.Const(0), Gen.Int[0, 9_999]))
            .Select((kind, ms, ticks) => new PagedEvent(kind, ms, ticks));

    private static readonly Gen<PagingCase> Cases =
        Gen.Select(Event.Array[0, 30], Gen.Int[0, 7], Gen.OneOf(Gen.Const(-1), Gen.Int[0, 12]), Gen.OneOf(Gen.Const(-1), Gen.Int[0, 12]),
                Gen.Int[1, 7], Gen.Int[0, 3].Array[0, 10])
            .Select((events, mask, since, until, limit, appended) => new PagingCase(events, mask, since, until, limit, appended));

    private DocumentStore _store = null!;
    private AuditSearch _search = null!;
    private int _run;

    public async ValueTask InitializeAsync()
    {
        _store = await TestEventStore.CreateAsync();
        _search = new AuditSearch(_store);
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Following_next_yields_every_matching_event_once_newest_first() =>
        await Cases.SampleAsync(RunAsync, iter: PropertyRuns.Iter(Iterations), threads: 1);

    internal async Task RunAsync(PagingCase run)
    {
        // Each run its own module (streams) and its own hour, in the shared schema.
        var n = Interlocked.Increment(ref _run);
        var module = $"p{n}-{Guid.NewGuid():N}"[..20];
        var start = T0.AddHours(n);
        var initial = run.Events.Select(e => AuditRecord.New(Build(e, module, start))).ToList();
        await new AuditStore(_store).AppendAsync(initial, skipExisting: false, Ct);

        var types = Types.Where((_, i) => (run.TypeMask & (1 << i)) != 0).ToList();
        DateTimeOffset? since = run.SinceMs < 0 ? null : start.AddMilliseconds(run.SinceMs);
        DateTimeOffset? until = run.UntilMs < 0 ? null : start.AddMilliseconds(run.UntilMs);
        bool Matches(IAuditEvent e, DateTimeOffset storedAt) =>
            e.Stream != AuditStreams.Breaker("other-" + module)
            && (types.Count == 0 || types.Contains(e.GetType()))
            && (since is null || storedAt >= since) && (until is null || storedAt <= until);

        var scope = AuditCursor.ScopeOf(module);
        var walked = new List<AuditEntry>();
        AuditCursor? after = null;
        for (var page = 0; ; page++)
        {
            var found = await _search.FindAsync(new AuditFilter(types, module, since, until, run.Limit, after) { Scope = scope }, Ct);
            Assert.True(found.Events.Count <= run.Limit);
            walked.AddRange(found.Events);
            if (found.Next is null) break;
            Assert.NotEmpty(found.Events);
            Assert.True(AuditCursor.TryParse(found.Next, scope, out after), $"next '{found.Next}' is not a cursor of this query");
            var appended = page < run.AppendedAfterPage.Length ? run.AppendedAfterPage[page] : 0;
            if (appended > 0)
            {
                // Some newer than anything so far, some back in the window, as a late spool replay writes them.
                var late = Enumerable.Range(0, appended).Select(i => AuditRecord.New(Build(
                    new PagedEvent(i % 3, i % 2 == 0 ? 20 + page : page % 13, 0), module, start))).ToList();
                await new AuditStore(_store).AppendAsync(late, skipExisting: false, Ct);
            }
        }

        var ids = walked.Select(e => e.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        for (var i = 1; i < walked.Count; i++)
        {
            var (newer, older) = (walked[i - 1], walked[i]);
            Assert.True(newer.Timestamp > older.Timestamp || (newer.Timestamp == older.Timestamp && newer.Sequence > older.Sequence),
                $"page order broken at {i}: {newer.Timestamp:O}/{newer.Sequence} then {older.Timestamp:O}/{older.Sequence}");
        }
        Assert.All(walked, e => Assert.True(Matches((IAuditEvent)e.Data, e.Timestamp), $"{e.Type} on {e.Stream} does not match"));
        var stored = walked.ToDictionary(e => e.Id, e => e.Timestamp);
        var missing = initial.Where(r => !stored.ContainsKey(r.Id) && Matches(r.Event, Stored(r.Event.At))).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} matching events never came: {string.Join(", ", missing.Select(m => m.Event))}");
    }

    /// <summary>PostgreSQL keeps microseconds.</summary>
    private static DateTimeOffset Stored(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private static IAuditEvent Build(PagedEvent e, string module, DateTimeOffset start)
    {
        var at = start.AddMilliseconds(e.Ms).AddTicks(e.Ticks);
        return e.Kind switch
        {
            0 => new ModuleRemoved(module, at, "ops", "test"),
            1 => new CircuitOpened(module, at, 5, "handler_trap"),
            2 => new AotInvalidated(module, at, "test"),
            _ => new CircuitOpened("other-" + module, at, 5, "handler_trap"),
        };
    }
}
