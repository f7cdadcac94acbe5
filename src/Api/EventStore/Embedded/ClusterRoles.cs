using Npgsql;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>
/// The roles of the embedded cluster: <c>postgres</c>, its superuser, used only here to set up, and <c>mik</c>, the
/// role mik works as: LOGIN and nothing else, owner of database <c>mik</c> and all in it. A superuser could read any
/// file the cluster's OS user can (<c>pg_read_binary_file</c>) or run programs (<c>COPY … FROM PROGRAM</c>).
/// A cluster made by an earlier mik, whose bootstrap superuser is <c>mik</c>, is converted in place on start.
/// </summary>
internal static partial class ClusterRoles
{
    public const string Admin = "postgres";
    public const string AdminPasswordFileName = "admin.password";

    /// <summary>The old bootstrap superuser after the conversion: it can neither be dropped nor lose SUPERUSER.</summary>
    private const string Retired = "mik_bootstrap";

    public static async Task EnsureAsync(int port, string clusterDirectory, string mikPassword, ILogger log, CancellationToken cancellationToken)
    {
        var adminFile = Path.Combine(clusterDirectory, AdminPasswordFileName);
        var adminPassword = PasswordFile.Read(adminFile)
                            ?? await CreateAdminAsync(port, mikPassword, adminFile, clusterDirectory, cancellationToken);
        var upgraded = false;
        await using (var db = await ClusterConnection.OpenAsync(port, Admin, adminPassword, "postgres", cancellationToken))
        {
            await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
            {
                var mikIsSuperuser = await ScalarAsync(db, "SELECT rolsuper FROM pg_roles WHERE rolname = 'mik'", cancellationToken) as bool?;
                if (mikIsSuperuser == true)
                {
                    await ExecuteAsync(db, $"ALTER ROLE mik RENAME TO {Retired}; ALTER ROLE {Retired} NOLOGIN PASSWORD NULL", cancellationToken);
                    upgraded = true;
                }
                if (mikIsSuperuser != false)
                {
                    await ExecuteAsync(db, "CREATE ROLE mik LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS " +
                                           $"PASSWORD '{ScramVerifier.For(mikPassword)}'", cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            var owner = await ScalarAsync(db, $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{EmbeddedPostgres.DatabaseName}'", cancellationToken);
            if (owner is null) await ExecuteAsync(db, $"CREATE DATABASE {EmbeddedPostgres.DatabaseName} OWNER mik", cancellationToken);
            else if (owner as string != "mik") await ExecuteAsync(db, $"ALTER DATABASE {EmbeddedPostgres.DatabaseName} OWNER TO mik", cancellationToken);
        }
        // Also on every later start, so a conversion interrupted between the two steps is finished.
        await using (var db = await ClusterConnection.OpenAsync(port, Admin, adminPassword, EmbeddedPostgres.DatabaseName, cancellationToken))
        {
            await ExecuteAsync(db, ClusterOwnership.GiveBootstrapObjectsToMik, cancellationToken);
        }
        if (upgraded) RoleUpgraded(log, Retired);
    }

    /// <summary>An earlier mik's cluster: as its superuser <c>mik</c>, make <c>postgres</c> the superuser with a password of its own.</summary>
    private static async Task<string> CreateAdminAsync(
        int port, string mikPassword, string adminFile, string clusterDirectory, CancellationToken cancellationToken)
    {
        await using var db = await ClusterConnection.OpenAsync(port, EmbeddedPostgres.Role, mikPassword, "postgres", cancellationToken);
        if (await ScalarAsync(db, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user", cancellationToken) is not true)
            throw new EmbeddedPostgresException(
                $"the password file of the embedded cluster's superuser, {adminFile}, is missing. " +
                $"Restore it, or move {clusterDirectory} away to start a new, empty cluster.");
        var password = PasswordFile.Generate();
        await ExecuteAsync(db,
            $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{Admin}') THEN CREATE ROLE {Admin}; END IF; END $$; " +
            $"ALTER ROLE {Admin} SUPERUSER LOGIN PASSWORD '{ScramVerifier.For(password)}'", cancellationToken);
        // Written after the role has the password: a crash in between repeats this step on the next start.
        PasswordFile.Write(adminFile, password);
        return password;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection db, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, db);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "embedded_postgres_role_upgraded")]
    private static partial void RoleUpgraded(ILogger logger, string retiredSuperuser);
}
