using System.Security.Cryptography;
using JasperFx.Events;
using Marten;
using Mik.Durable.Domain.Deployments;
using Npgsql;

namespace Mik.Durable.ClusterBench;

/// <summary>
/// Not a timing: checks the two facts the design relies on. Bytes queued with QueueSqlCommand commit or roll back
/// with the event append, and two deploys racing on one module stream (FetchForWriting, as ModuleAuditLog does)
/// end with one winner whose bytes alone are stored. Throws when either does not hold.
/// </summary>
internal static class AtomicityCheck
{
    public static async Task RunAsync(IDocumentStore store, NpgsqlDataSource db, string schema)
    {
        var insert = $"insert into {schema}.module_bytes (sha256, size_bytes, bytes) values (?, ?, ?) on conflict (sha256) do nothing";

        // A failing byte insert (null bytes: not null violation) must take the event with it.
        var failed = false;
        try
        {
            await using var session = store.LightweightSession();
            session.Events.Append("module:atomic", new ModuleDeployed("atomic", DateTimeOffset.UtcNow, new string('a', 64), 1, DeploySources.Api, "bench"));
            session.QueueSqlCommand(insert, new string('a', 64), 1L, DBNull.Value);
            await session.SaveChangesAsync();
        }
        catch (Exception e) when (e is NpgsqlException or Marten.Exceptions.MartenCommandException)
        {
            failed = true;
        }
        var events = await CountAsync(db, $"select count(*) from {schema}.mt_events where stream_id = 'module:atomic'");
        Console.WriteLine($"atomic failed_bytes_insert_threw={failed} events_left={events}");
        if (!failed || events != 0) throw new InvalidOperationException("the event outlived its failed byte insert");

        // Two deploys decided on the same stream version: one commits, the other fails, and its bytes are not stored.
        const string key = "module:race";
        await using (var first = store.LightweightSession())
        {
            first.Events.Append(key, Deployed("race", RandomNumberGenerator.GetHexString(64, lowercase: true)));
            await first.SaveChangesAsync();
        }
        await using var a = store.LightweightSession();
        await using var b = store.LightweightSession();
        var streamA = await a.Events.FetchForWriting<DeployedModule>(key);
        var streamB = await b.Events.FetchForWriting<DeployedModule>(key);
        var (shaA, shaB) = (RandomNumberGenerator.GetHexString(64, lowercase: true), RandomNumberGenerator.GetHexString(64, lowercase: true));
        streamA.AppendOne(Deployed("race", shaA));
        a.QueueSqlCommand(insert, shaA, 1L, new byte[] { 1 });
        streamB.AppendOne(Deployed("race", shaB));
        b.QueueSqlCommand(insert, shaB, 1L, new byte[] { 2 });
        await a.SaveChangesAsync();
        string? loser = null;
        try
        {
            await b.SaveChangesAsync();
        }
        catch (Exception e)
        {
            loser = e.GetType().Name;
        }
        var stored = await CountAsync(db, $"select count(*) from {schema}.module_bytes where sha256 in ('{shaA}', '{shaB}')");
        var loserStored = await CountAsync(db, $"select count(*) from {schema}.module_bytes where sha256 = '{shaB}'");
        Console.WriteLine($"atomic race_loser_exception={loser ?? "none"} bytes_rows={stored} loser_bytes_rows={loserStored}");
        if (loser is null || stored != 1 || loserStored != 0) throw new InvalidOperationException("racing deploys did not end with one winner");
    }

    private static ModuleDeployed Deployed(string module, string sha) => new(module, DateTimeOffset.UtcNow, sha, 1, DeploySources.Api, "bench");

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
