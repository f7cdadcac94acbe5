using Npgsql;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>The embedded PostgreSQL of a sandbox, seen from outside: its files, its postmaster, its roles.</summary>
internal sealed class EmbeddedCluster(MikSandbox sandbox)
{
    public string Directory => Path.Combine(sandbox.StateDirectory, "pg");
    public string Data => Path.Combine(Directory, "data");
    private string PidFile => Path.Combine(Data, "postmaster.pid");

    /// <summary>Pid and port from <c>postmaster.pid</c>; null while there is none.</summary>
    public (int Pid, int Port)? Postmaster()
    {
        try
        {
            var lines = File.ReadAllLines(PidFile);
            return lines.Length > 3 && int.TryParse(lines[0], out var pid) && int.TryParse(lines[3], out var port) ? (pid, port) : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public static bool IsRunning(int pid) => System.IO.Directory.Exists($"/proc/{pid}");

    /// <summary>The password mik keeps for role <c>mik</c> or for the cluster's superuser <c>postgres</c>.</summary>
    public string Password(string role) => File.ReadAllText(Path.Combine(Directory, role == "mik" ? "mik.password" : "admin.password")).Trim();

    public async Task<NpgsqlConnection> ConnectAsync(string role, string password, string database = "mik")
    {
        var port = Postmaster()?.Port ?? throw new InvalidOperationException("the embedded PostgreSQL is not running");
        var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={port};Username={role};Password={password};Database={database};Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    public async Task<object?> ScalarAsync(string role, string password, string sql, string database = "mik")
    {
        await using var connection = await ConnectAsync(role, password, database);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    public Task PgCtlAsync(params string[] arguments) => PrivatePostgres.RunToolAsync(PrivatePostgres.BinDir(), "pg_ctl", ["-D", Data, .. arguments]);

    /// <summary>
    /// Turns a stopped cluster of this version into one as the previous version made it: its bootstrap superuser
    /// is <c>mik</c> (password in mik.password), owning database <c>mik</c> and all in it; no admin.password.
    /// </summary>
    public async Task MakeLikeThePreviousVersionAsync()
    {
        var mikPassword = Password("mik");
        await PgCtlAsync("-l", Path.Combine(Directory, "postgres.log"), "-o", $"-p {Ports.Free()}", "-w", "-s", "start");
        await ExecuteAsync("postgres", Password("postgres"), "postgres", "CREATE ROLE tmp_admin SUPERUSER LOGIN PASSWORD 'tmp'");
        await ExecuteAsync("tmp_admin", "tmp", "postgres",
            $"ALTER ROLE mik RENAME TO mik_made; ALTER ROLE postgres RENAME TO mik; ALTER ROLE mik PASSWORD '{mikPassword}'");
        await ExecuteAsync("tmp_admin", "tmp", "mik", "REASSIGN OWNED BY mik_made TO mik; DROP OWNED BY mik_made");
        await ExecuteAsync("tmp_admin", "tmp", "postgres", "DROP ROLE mik_made");
        await ExecuteAsync("mik", mikPassword, "postgres", "DROP ROLE tmp_admin");
        Assert.Equal(true, await ScalarAsync("mik", mikPassword, "SELECT rolsuper AND oid = 10 FROM pg_roles WHERE rolname = 'mik'"));
        await PgCtlAsync("-m", "fast", "-w", "-s", "stop");
        File.Delete(Path.Combine(Directory, "admin.password"));
    }

    private async Task ExecuteAsync(string role, string password, string database, string sql)
    {
        await using var connection = await ConnectAsync(role, password, database);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Waits for <paramref name="condition"/>; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"not within {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
