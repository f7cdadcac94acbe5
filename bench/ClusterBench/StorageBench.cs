using System.Diagnostics;
using System.Security.Cryptography;
using Marten;
using Mik.Durable.Domain.Deployments;
using Npgsql;

namespace Mik.Durable.ClusterBench;

/// <summary>Module bytes beside a ModuleDeployed append, in one transaction: a bytea table vs a Marten document.</summary>
internal static class StorageBench
{
    public static async Task RunAsync(IDocumentStore store, NpgsqlDataSource db, string schema, int rounds)
    {
        foreach (var mb in new[] { 1, 5, 20 })
        {
            var tableWrite = new List<double>();
            var tableRead = new List<double>();
            var docWrite = new List<double>();
            var docRead = new List<double>();
            // One warm-up round first (JIT, Marten's first-use code), not counted.
            for (var round = -1; round < rounds; round++)
            {
                var (w, r) = await TableAsync(store, db, schema, mb);
                var (dw, dr) = await DocumentAsync(store, mb);
                if (round < 0) continue;
                tableWrite.Add(w); tableRead.Add(r); docWrite.Add(dw); docRead.Add(dr);
            }
            Console.WriteLine($"storage size_mb={mb} table_write {Stats.Summary(tableWrite)}");
            Console.WriteLine($"storage size_mb={mb} table_read  {Stats.Summary(tableRead)}");
            Console.WriteLine($"storage size_mb={mb} doc_write   {Stats.Summary(docWrite)}");
            Console.WriteLine($"storage size_mb={mb} doc_read    {Stats.Summary(docRead)}");
        }
        await using var size = db.CreateCommand(
            $"select pg_total_relation_size('{schema}.module_bytes'), pg_total_relation_size('{schema}.mt_doc_moduleblob'), " +
            $"(select coalesce(sum(size_bytes), 0) from {schema}.module_bytes), (select count(*) from {schema}.module_bytes), " +
            $"(select count(*) from {schema}.mt_doc_moduleblob)");
        await using var reader = await size.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine($"storage table_bytes_on_disk={reader.GetInt64(0)} doc_bytes_on_disk={reader.GetInt64(1)} " +
            $"module_bytes_stored={reader.GetInt64(2)} table_rows={reader.GetInt64(3)} doc_rows={reader.GetInt64(4)}");
    }

    private static async Task<(double Write, double Read)> TableAsync(IDocumentStore store, NpgsqlDataSource db, string schema, int mb)
    {
        var (bytes, sha) = Module(mb);
        var started = Stopwatch.GetTimestamp();
        await using (var session = store.LightweightSession())
        {
            session.Events.Append("module:table" + mb, Deployed("table" + mb, sha, bytes.Length));
            // Queued SQL runs inside SaveChanges' transaction with the event rows: both commit or neither does.
            session.QueueSqlCommand(
                $"insert into {schema}.module_bytes (sha256, size_bytes, bytes) values (?, ?, ?) on conflict (sha256) do nothing",
                sha, (long)bytes.Length, bytes);
            await session.SaveChangesAsync();
        }
        var write = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        started = Stopwatch.GetTimestamp();
        await using var read = db.CreateCommand($"select bytes from {schema}.module_bytes where sha256 = $1");
        read.Parameters.AddWithValue(sha);
        var back = (byte[])(await read.ExecuteScalarAsync())!;
        Verify(back, sha);
        return (write, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task<(double Write, double Read)> DocumentAsync(IDocumentStore store, int mb)
    {
        var (bytes, sha) = Module(mb);
        var started = Stopwatch.GetTimestamp();
        await using (var session = store.LightweightSession())
        {
            session.Events.Append("module:doc" + mb, Deployed("doc" + mb, sha, bytes.Length));
            session.Store(new ModuleBlob { Id = sha, Bytes = bytes });
            await session.SaveChangesAsync();
        }
        var write = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        started = Stopwatch.GetTimestamp();
        await using var query = store.QuerySession();
        var back = await query.LoadAsync<ModuleBlob>(sha) ?? throw new InvalidOperationException("document missing");
        Verify(back.Bytes, sha);
        return (write, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static ModuleDeployed Deployed(string module, string sha, long size) =>
        new(module, DateTimeOffset.UtcNow, sha, size, DeploySources.Api, "bench");

    // Random bytes: the worst case for PostgreSQL's TOAST compression (real .wasm compresses somewhat).
    private static (byte[] Bytes, string Sha) Module(int mb)
    {
        var bytes = RandomNumberGenerator.GetBytes(mb * 1024 * 1024);
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    // The rule issue 17 sets: never serve bytes whose hash does not match the event. The bench pays for it too.
    private static void Verify(byte[] bytes, string sha)
    {
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha) throw new InvalidOperationException("hash mismatch");
    }
}
