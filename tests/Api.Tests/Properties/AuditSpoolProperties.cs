using CsCheck;
using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Tests.AuditRecording;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.AuthFailures;

namespace Mik.Durable.Api.Tests.Properties;

/// <summary>
/// Any interleaving of recorded events, PostgreSQL outages and recoveries and process restarts on the same spool
/// folder ends with every event in the store exactly once, in the order it was recorded (docs/reliability.md,
/// Property-based tests). PostgreSQL is the real test one, taken away by a <see cref="PostgresRelay"/> in front of
/// it, as the writer's own tests do.
/// </summary>
public sealed class AuditSpoolProperties : IAsyncLifetime
{
    internal const long Iterations = 12;
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T10:00:00Z");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Gen<SpoolOp> Op = Gen.Frequency(
        (5, Gen.Int[1, 40].Select(n => new SpoolOp(SpoolOpKind.Append, n))),
        (2, Gen.Const(new SpoolOp(SpoolOpKind.Outage, 0))),
        (2, Gen.Const(new SpoolOp(SpoolOpKind.Recovery, 0))),
        (2, Gen.Const(new SpoolOp(SpoolOpKind.Restart, 0))),
        (2, Gen.Int[0, 150].Select(ms => new SpoolOp(SpoolOpKind.Pause, ms))));

    private readonly string _schema = TestDatabase.NewSchema();
    private DocumentStore _direct = null!;
    private int _run;

    public async ValueTask InitializeAsync() => _direct = await TestEventStore.CreateAsync(_schema);

    public async ValueTask DisposeAsync() => await _direct.DisposeAsync();

    [Fact]
    public async Task Any_interleaving_of_appends_outages_and_restarts_stores_each_event_once_in_order() =>
        await Op.Array[1, 12].SampleAsync(RunAsync, iter: PropertyRuns.Iter(Iterations), threads: 1,
            print: ops => "[" + string.Join(", ", ops.AsEnumerable()) + "]");

    /// <summary>Plays <paramref name="ops"/>, then brings PostgreSQL back and checks the store.</summary>
    internal async Task RunAsync(SpoolOp[] ops)
    {
        // Each run its own day, so its own auth:<day> stream in the shared schema.
        var day = T0.AddDays(Interlocked.Increment(ref _run));
        var spoolDir = Directory.CreateTempSubdirectory("mik-spool-prop-").FullName;
        await using var relay = new PostgresRelay();
        await using var throughRelay = new DocumentStore(MikStoreOptions.Create(relay.ConnectionString, _schema));
        relay.Open();
        var up = true;
        var recorded = 0;
        var pipeline = await AuditPipeline.StartAsync(throughRelay, spoolDir);
        try
        {
            foreach (var op in ops)
            {
                switch (op.Kind)
                {
                    case SpoolOpKind.Append:
                        for (var i = 0; i < op.Value; i++, recorded++) pipeline.Queue.Record(Failure(day, recorded));
                        break;
                    case SpoolOpKind.Outage when up:
                        await relay.CloseAsync();
                        up = false;
                        break;
                    case SpoolOpKind.Recovery when !up:
                        relay.Open();
                        up = true;
                        break;
                    case SpoolOpKind.Restart:
                        await pipeline.DisposeAsync();
                        pipeline = await AuditPipeline.StartAsync(throughRelay, spoolDir);
                        break;
                    case SpoolOpKind.Pause:
                        await Task.Delay(op.Value, Ct);
                        break;
                }
            }
            if (!up) relay.Open();
            var expected = Enumerable.Range(0, recorded).Select(n => "/e/" + n).ToList();
            var stored = await StoredPathsAsync(day);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((stored.Count < recorded || pipeline.Spool.HasPending) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Ct);
                stored = await StoredPathsAsync(day);
            }
            Assert.True(expected.SequenceEqual(stored),
                $"recorded {recorded}, stored {stored.Count}, spool pending {pipeline.Spool.PendingLines}, queued {pipeline.Queue.Count}; " +
                $"stored: {string.Join(",", stored.Select(p => p[3..]))}");
        }
        finally
        {
            await pipeline.DisposeAsync();
            Directory.Delete(spoolDir, recursive: true);
        }
    }

    private static AuthFailed Failure(DateTimeOffset day, int n) =>
        new(day.AddMilliseconds(n), AuthFailureReasons.InvalidKey, "10.0.0.1", "GET", "/e/" + n, "prop");

    private async Task<List<string>> StoredPathsAsync(DateTimeOffset day)
    {
        await using var session = _direct.QuerySession();
        var events = await session.Events.FetchStreamAsync(AuditStreams.Auth(day), token: Ct);
        return [.. events.Select(e => ((AuthFailed)e.Data).Path)];
    }
}
