using Marten;
using Mik.Durable.Api.Admin;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Breakers;
using Npgsql;

namespace Mik.Durable.Api.Tests.Admin;

public sealed class AdminStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_events_racing_to_create_the_same_stream_all_land_instead_of_a_false_store_outage()
    {
        // As when POST /circuits/x/reset commits while the audit writer appends the CircuitOpened that made it open.
        await using var store = await TestEventStore.CreateAsync();
        var at = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            AdminStore.AppendAsync(store, new CircuitReset("race", at.AddTicks(i), "ops" + i), Ct)));

        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync("breaker:race", token: Ct);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => "ops" + i), events.Select(e => ((CircuitReset)e.Data).Actor).Order());
    }

    [Fact]
    public async Task An_unreachable_store_refuses_the_write_as_503_event_store_unavailable()
    {
        await using var store = new DocumentStore(MikStoreOptions.Create(TestEventStore.Unreachable, TestDatabase.NewSchema()));

        var refused = await Assert.ThrowsAsync<AdminException>(() =>
            AdminStore.AppendAsync(store, new CircuitReset("down", DateTimeOffset.UtcNow, "ops"), Ct));
        Assert.Equal((503, "event_store_unavailable"), (refused.Status, refused.Error));
    }

    [Theory]
    [InlineData("57P03", true)] // the server is starting up
    [InlineData("57P01", true)] // an administrator shut it down
    [InlineData("53300", true)] // too many connections
    [InlineData("08006", true)] // the connection failed
    [InlineData("23505", false)] // a unique violation is PostgreSQL answering, not PostgreSQL away
    [InlineData("42P01", false)] // a missing table is a broken schema, which a retry does not fix
    public void Only_errors_meaning_PostgreSQL_cannot_serve_now_count_as_unreachable(string sqlState, bool unreachable)
    {
        var error = new InvalidOperationException("wrapped", new PostgresException("message", "ERROR", "ERROR", sqlState));

        Assert.Equal(unreachable, StoreFailures.IsUnreachable(error));
    }
}
