using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>
/// A private PostgreSQL cluster under <c>&lt;state_dir&gt;/pg</c> run with the machine's server programs:
/// initialised on first use, started (or a running one left by a killed mik reused), stopped on exit.
/// TCP on 127.0.0.1 only, no unix socket (paths under a deep state dir overflow its length limit),
/// and password authentication so other local users cannot rewrite the audit trail.
/// </summary>
internal sealed partial class EmbeddedPostgres(string clusterDirectory, int configuredPort, PostgresBinaries binaries, OsUser user, ILogger log)
{
    public const string DatabaseName = "mik";
    private const string Role = "mik";

    public string DataDirectory => Path.Combine(clusterDirectory, "data");
    private string LogFile => Path.Combine(clusterDirectory, "postgres.log");
    private string PasswordFile => Path.Combine(clusterDirectory, "mik.password");

    public int Port { get; private set; }

    /// <summary>True when <see cref="StartAsync"/> found the cluster already running (another mik may be using it).</summary>
    public bool WasAlreadyRunning { get; private set; }

    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        PrepareDirectories();
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) await InitializeAsync(cancellationToken);
        if (!File.Exists(PasswordFile))
            throw new EmbeddedPostgresException(
                $"the embedded cluster in {DataDirectory} exists but its password file {PasswordFile} is missing. " +
                $"Restore the file, or move {clusterDirectory} away to start a new, empty cluster.");
        var password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();

        if (PostmasterPidFile.Read(DataDirectory) is { } pidFile)
        {
            if (pidFile.IsPostmasterAlive(DataDirectory) && pidFile.Port > 0)
            {
                var running = ConnectionString(pidFile.Port, password, DatabaseName);
                if (await WaitForConnectionAsync(pidFile.Port, password, TimeSpan.FromSeconds(10), cancellationToken))
                {
                    Port = pidFile.Port;
                    WasAlreadyRunning = true;
                    Reused(log, pidFile.Pid, Port, DataDirectory);
                    await EnsureDatabaseAsync(Port, password, cancellationToken);
                    return running;
                }
                throw new EmbeddedPostgresException(
                    $"a PostgreSQL (pid {pidFile.Pid}) runs on {DataDirectory} but does not accept connections on port {pidFile.Port}; see {LogFile}");
            }
            StalePidFile(log, pidFile.Path, pidFile.Describe());
            File.Delete(pidFile.Path);
        }

        Port = configuredPort > 0 ? configuredPort : FreePort();
        var (exit, output) = await PostgresCommand.RunAsync(user, binaries.PgCtl,
            ["-D", DataDirectory, "-l", LogFile, "-o", $"-p {Port}", "-w", "-t", "60", "-s", "start"],
            TimeSpan.FromSeconds(90), cancellationToken);
        if (exit != 0)
            throw new EmbeddedPostgresException($"PostgreSQL did not start (pg_ctl exit {exit}). {output}{Environment.NewLine}{Tail(LogFile)}");
        if (!await WaitForConnectionAsync(Port, password, TimeSpan.FromSeconds(30), cancellationToken))
            throw new EmbeddedPostgresException($"PostgreSQL started but does not accept connections on 127.0.0.1:{Port}; see {LogFile}");
        await EnsureDatabaseAsync(Port, password, cancellationToken);
        Started(log, Port, DataDirectory);
        return ConnectionString(Port, password, DatabaseName);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (PostmasterPidFile.Read(DataDirectory) is null) return;
        var (exit, output) = await PostgresCommand.RunAsync(user, binaries.PgCtl,
            ["-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "-s", "stop"], TimeSpan.FromSeconds(40), cancellationToken);
        if (exit == 0) Stopped(log, DataDirectory);
        else StopFailed(log, exit, output);
    }

    private void PrepareDirectories()
    {
        Directory.CreateDirectory(clusterDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        user.Own(clusterDirectory);
        if (!user.IsOther) return;
        // PostgreSQL must be able to walk down to its data folder; /root is 0700 on Debian.
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(clusterDirectory)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if ((mode & UnixFileMode.OtherExecute) != 0) continue;
            File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
            OpenedForPostgres(log, dir, user.Name);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // initdb into a side folder and rename, so an interrupted first start never leaves a half-made cluster.
        var staging = DataDirectory + ".init";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var passwordForInitDb = Path.Combine(clusterDirectory, "initdb.pw");
        await File.WriteAllTextAsync(passwordForInitDb, password, cancellationToken);
        File.SetUnixFileMode(passwordForInitDb, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        user.Own(passwordForInitDb);
        try
        {
            var (exit, output) = await PostgresCommand.RunAsync(user, binaries.InitDb,
                ["-D", staging, "-U", Role, "--pwfile", passwordForInitDb, "-E", "UTF8", "--no-locale", "--auth", "scram-sha-256"],
                TimeSpan.FromSeconds(120), cancellationToken);
            if (exit != 0) throw new EmbeddedPostgresException($"initdb failed (exit {exit}): {output}");
        }
        finally
        {
            File.Delete(passwordForInitDb);
        }
        await File.AppendAllTextAsync(Path.Combine(staging, "postgresql.conf"),
            "\n# mik embedded cluster\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 100\n",
            cancellationToken);
        var passwordTemp = PasswordFile + ".tmp";
        await File.WriteAllTextAsync(passwordTemp, password, cancellationToken);
        File.SetUnixFileMode(passwordTemp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(passwordTemp, PasswordFile, overwrite: true);
        Directory.Move(staging, DataDirectory);
        Initialized(log, DataDirectory);
    }

    private static async Task<bool> WaitForConnectionAsync(int port, string password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString(port, password, "postgres") + ";Pooling=false;Timeout=3");
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline) return false;
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static async Task EnsureDatabaseAsync(int port, string password, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(port, password, "postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{DatabaseName}'", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string ConnectionString(int port, string password, string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = Role,
            Password = password,
            Database = database,
            ApplicationName = "mik",
            Pooling = pooling,
        }.ConnectionString;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string file)
    {
        try
        {
            return "Last lines of " + file + ":" + Environment.NewLine + string.Join(Environment.NewLine, File.ReadLines(file).TakeLast(15));
        }
        catch (IOException)
        {
            return "";
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "embedded_postgres_initialized")]
    private static partial void Initialized(ILogger logger, string dataDir);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "embedded_postgres_started")]
    private static partial void Started(ILogger logger, int port, string dataDir);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "embedded_postgres_reused")]
    private static partial void Reused(ILogger logger, int pid, int port, string dataDir);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "embedded_postgres_stale_pid_removed")]
    private static partial void StalePidFile(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "embedded_postgres_stopped")]
    private static partial void Stopped(ILogger logger, string dataDir);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "embedded_postgres_stop_failed")]
    private static partial void StopFailed(ILogger logger, int exitCode, string error);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "state_dir_opened_for_postgres")]
    private static partial void OpenedForPostgres(ILogger logger, string directory, string user);
}
