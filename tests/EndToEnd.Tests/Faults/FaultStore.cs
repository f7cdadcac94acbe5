using Npgsql;

namespace Mik.Durable.EndToEnd.Tests.Faults;

/// <summary>What a fault test reads back from mik's event store: events by type and stream, with their ids.</summary>
internal static class FaultStore
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One row per stored event of <paramref name="type"/> (snake_case, as in <c>mt_events.type</c>), in commit order.</summary>
    public static async Task<List<(Guid Id, string Stream, string Data)>> EventsAsync(string connectionString, string schema, string type)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            $"select id, stream_id, data::text from {schema}.mt_events where type = @type order by seq_id", db);
        command.Parameters.AddWithValue("type", type);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var events = new List<(Guid, string, string)>();
        while (await reader.ReadAsync(Ct)) events.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        return events;
    }

    /// <summary>Polls <paramref name="condition"/> (a PostgreSQL error counts as not yet) until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is NpgsqlException or HttpRequestException or IOException)
            {
                // PostgreSQL or mik not there yet.
            }
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            await Task.Delay(100, Ct);
        }
    }
}
