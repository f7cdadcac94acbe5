using Npgsql;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>Every row of every table in mik's schema as PostgreSQL prints it: mt_events (data and headers), mt_streams, the projections.</summary>
internal static class StoreDump
{
    public static async Task<Dictionary<string, List<string>>> ReadAsync(string connectionString, string schema, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = @schema and table_type = 'BASE TABLE'", db))
        {
            list.Parameters.AddWithValue("schema", schema);
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        }
        var rows = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"select t::text from \"{schema}\".\"{table}\" t", db);
            await using var reader = await select.ExecuteReaderAsync(ct);
            var text = rows[table] = [];
            while (await reader.ReadAsync(ct)) text.Add(reader.GetString(0));
        }
        return rows;
    }
}
