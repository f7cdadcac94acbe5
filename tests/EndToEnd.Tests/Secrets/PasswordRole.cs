using Mik.Durable.EndToEnd.Tests.Support;
using Npgsql;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>
/// A login role with a password of the test's choosing, in a <see cref="PrivatePostgres"/>, which asks that role for
/// it (scram-sha-256) instead of trusting loopback: mik must really send the password, so it really holds it.
/// The role owns a database of its own, where mik creates its schema.
/// </summary>
internal static class PasswordRole
{
    public const string Name = "mik_canary";

    public static async Task CreateAsync(PrivatePostgres pg, string password, CancellationToken ct)
    {
        await using (var db = new NpgsqlConnection(pg.ConnectionString))
        {
            await db.OpenAsync(ct);
            await using (var role = new NpgsqlCommand($"create role {Name} login password '{password.Replace("'", "''", StringComparison.Ordinal)}'", db))
                await role.ExecuteNonQueryAsync(ct);
            await using (var database = new NpgsqlCommand($"create database {Name} owner {Name}", db))
                await database.ExecuteNonQueryAsync(ct);
            // First match wins: the role needs its password, everyone else (the test as postgres) is still trusted.
            var hba = Path.Combine(pg.Directory, "data", "pg_hba.conf");
            await File.WriteAllTextAsync(hba, $"host all {Name} 127.0.0.1/32 scram-sha-256\n" + await File.ReadAllTextAsync(hba, ct), ct);
            await using var reload = new NpgsqlCommand("select pg_reload_conf()", db);
            await reload.ExecuteScalarAsync(ct);
        }
        // The rule is in force (the reload is taken up a moment later): a wrong password is refused.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100, ct))
        {
            await using var wrong = new NpgsqlConnection(ConnectionString(pg, "not-" + password));
            try
            {
                await wrong.OpenAsync(ct);
            }
            catch (PostgresException)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "PostgreSQL still lets the role in without its password");
        }
    }

    /// <summary>The role's <c>postgres://</c> URL, with the password when one is given.</summary>
    public static string Url(PrivatePostgres pg, string? password = null) =>
        $"postgres://{Name}{(password is null ? "" : ":" + Uri.EscapeDataString(password))}@127.0.0.1:{pg.Port}/{Name}";

    /// <summary>A connection to the role's database as the trusted superuser, for reading what mik stored.</summary>
    public static string Superuser(PrivatePostgres pg) => $"Host=127.0.0.1;Port={pg.Port};Username=postgres;Database={Name}";

    private static string ConnectionString(PrivatePostgres pg, string password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = pg.Port, Username = Name, Password = password, Database = Name, Pooling = false,
        }.ConnectionString;
}
