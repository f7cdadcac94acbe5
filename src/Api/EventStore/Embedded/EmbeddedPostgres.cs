using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>
/// A private PostgreSQL cluster under <c>&lt;state_dir&gt;/pg</c> run with the machine's server programs:
/// initialised on first use, started (or a running one left by a killed mik reused), stopped on exit.
/// TCP on 127.0.0.1 only, no unix socket (paths under a deep state dir overflow its length limit),
/// and password authentication so other local users cannot rewrite the audit trail. mik works as role
/// <c>mik</c>, which is no superuser (<see cref="ClusterRoles"/>).
/// </summary>
internal sealed partial class EmbeddedPostgres(string clusterDirectory, int configuredPort, PostgresBinaries binaries, OsUser user, ILogger log)
{
    public const string DatabaseName = "mik";
    public const string Role = "mik";

    public string DataDirectory => Path.Combine(clusterDirectory, "data");
    private string LogFile => Path.Combine(clusterDirectory, "postgres.log");
    private string PasswordPath => Path.Combine(clusterDirectory, "mik.password");

    private string _password = "";
    private PostgresWatchdog? _watchdog;
    private EmbeddedPostgresSupervisor? _supervisor;

    public int Port { get; private set; }

    /// <summary>True when <see cref="StartAsync"/> found the cluster already running (another mik may be using it).</summary>
    public bool WasAlreadyRunning { get; private set; }

    /// <param name="supervise">
    /// For <c>mik serve</c>, which holds the state-dir lock and so owns the cluster even when it reuses a running one:
    /// restart the postmaster when it stops (<see cref="EmbeddedPostgresSupervisor"/>). Either way, whoever started or
    /// owns the cluster has a <see cref="PostgresWatchdog"/> stop it if this process dies without stopping it.
    /// </param>
    public async Task<string> StartAsync(CancellationToken cancellationToken, bool supervise = false)
    {
        PrepareDirectories();
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) await InitializeAsync(cancellationToken);
        _password = PasswordFile.Read(PasswordPath) ?? throw new EmbeddedPostgresException(
            $"the embedded cluster in {DataDirectory} exists but its password file {PasswordPath} is missing. " +
            $"Restore the file, or move {clusterDirectory} away to start a new, empty cluster.");
        if (supervise) PostgresWatchdog.StopOrphan(clusterDirectory, DataDirectory);

        WasAlreadyRunning = await TryReuseAsync(cancellationToken);
        if (!WasAlreadyRunning)
        {
            var starting = Stopwatch.GetTimestamp();
            await StartPostmasterAsync(configuredPort > 0 ? configuredPort : FreePort(), cancellationToken);
            // PostgreSQL's own share of mik's start-up, so a slow start can be told apart from mik's (docs/benchmarks.md).
            Started(log, Port, DataDirectory, Math.Round(Stopwatch.GetElapsedTime(starting).TotalMilliseconds, 1));
        }
        try
        {
            await ClusterRoles.EnsureAsync(Port, clusterDirectory, _password, log, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new EmbeddedPostgresException($"cannot set up the roles of the embedded cluster on port {Port}: {e.Message}; see {LogFile}");
        }
        if (supervise || !WasAlreadyRunning) _watchdog = PostgresWatchdog.Start(clusterDirectory, DataDirectory, user);
        if (supervise) _supervisor = new EmbeddedPostgresSupervisor(this, TimeProvider.System, log);
        return ClusterConnection.String(Port, Role, _password, DatabaseName);
    }

    public bool IsPostmasterRunning() => PostmasterPidFile.Read(DataDirectory) is { } pid && pid.IsPostmasterAlive(DataDirectory);

    /// <summary>Starts a stopped postmaster again on the port of the connection string <see cref="StartAsync"/> returned.</summary>
    public Task RestartAsync(CancellationToken cancellationToken) => StartPostmasterAsync(Port, cancellationToken);

    private async Task<bool> TryReuseAsync(CancellationToken cancellationToken)
    {
        if (PostmasterPidFile.Read(DataDirectory) is not { } pidFile) return false;
        if (!pidFile.IsPostmasterAlive(DataDirectory) || pidFile.Port <= 0) return false;
        if (await ClusterConnection.WaitAsync(pidFile.Port, _password, () => pidFile.IsPostmasterAlive(DataDirectory),
                TimeSpan.FromSeconds(10), cancellationToken))
        {
            Port = pidFile.Port;
            Reused(log, pidFile.Pid, Port, DataDirectory);
            return true;
        }
        // The watchdog of the mik that left it running may have stopped it meanwhile: then start it anew.
        for (var i = 0; i < 300 && pidFile.IsPostmasterAlive(DataDirectory); i++) await Task.Delay(100, cancellationToken);
        if (!pidFile.IsPostmasterAlive(DataDirectory)) return false;
        throw new EmbeddedPostgresException(
            $"a PostgreSQL (pid {pidFile.Pid}) runs on {DataDirectory} but does not accept connections on port {pidFile.Port}; see {LogFile}");
    }

    private async Task StartPostmasterAsync(int port, CancellationToken cancellationToken)
    {
        if (PostmasterPidFile.Read(DataDirectory) is { } stale && !stale.IsPostmasterAlive(DataDirectory))
        {
            StalePidFile(log, stale.Path, stale.Describe());
            File.Delete(stale.Path);
        }
        Port = port;
        var (exit, output) = await PostgresCommand.RunAsync(user, binaries.PgCtl,
            ["-D", DataDirectory, "-l", LogFile, "-o", $"-p {Port}", "-w", "-t", "60", "-s", "start"],
            TimeSpan.FromSeconds(90), cancellationToken);
        if (exit != 0)
            throw new EmbeddedPostgresException($"PostgreSQL did not start (pg_ctl exit {exit}). {output}{Environment.NewLine}{Tail(LogFile)}");
        if (!await ClusterConnection.WaitAsync(Port, _password, IsPostmasterRunning, TimeSpan.FromSeconds(30), cancellationToken))
            throw new EmbeddedPostgresException($"PostgreSQL started but does not accept connections on 127.0.0.1:{Port}; see {LogFile}");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_supervisor is not null) await _supervisor.DisposeAsync();
        _supervisor = null;
        _watchdog?.Stop();
        _watchdog = null;
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
        // PostgreSQL must be able to walk down to its data folder; /root is 0700 on Debian. mik never loosens a folder
        // it did not create (it once opened the home folder this way), so a folder in the way stops start-up instead.
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(clusterDirectory)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if ((File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) != 0) continue;
            throw new EmbeddedPostgresException(
                $"the embedded PostgreSQL runs as '{user.Name}', which cannot enter {dir} (no search permission for others); " +
                "mik does not change folders it did not create: set [state] dir below a folder it can enter (such as " +
                $"/var/lib/mik), run `chmod o+x {dir}` yourself, or set database.url");
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var initializing = Stopwatch.GetTimestamp();
        // initdb into a side folder and rename, so an interrupted first start never leaves a half-made cluster.
        var staging = DataDirectory + ".init";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        // The bootstrap superuser is postgres, for setting up only; mik's own role is made by ClusterRoles.
        var adminPassword = PasswordFile.Generate();
        var passwordForInitDb = Path.Combine(clusterDirectory, "initdb.pw");
        await File.WriteAllTextAsync(passwordForInitDb, "", cancellationToken);
        File.SetUnixFileMode(passwordForInitDb, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(passwordForInitDb, adminPassword, cancellationToken);
        user.Own(passwordForInitDb);
        try
        {
            var (exit, output) = await PostgresCommand.RunAsync(user, binaries.InitDb,
                ["-D", staging, "-U", ClusterRoles.Admin, "--pwfile", passwordForInitDb, "-E", "UTF8", "--no-locale", "--auth", "scram-sha-256"],
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
        PasswordFile.Write(Path.Combine(clusterDirectory, ClusterRoles.AdminPasswordFileName), adminPassword);
        PasswordFile.Write(PasswordPath, PasswordFile.Generate());
        Directory.Move(staging, DataDirectory);
        Initialized(log, DataDirectory, Math.Round(Stopwatch.GetElapsedTime(initializing).TotalMilliseconds, 1));
    }

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
    private static partial void Initialized(ILogger logger, string dataDir, double durationMs);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "embedded_postgres_started")]
    private static partial void Started(ILogger logger, int port, string dataDir, double durationMs);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "embedded_postgres_reused")]
    private static partial void Reused(ILogger logger, int pid, int port, string dataDir);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "embedded_postgres_stale_pid_removed")]
    private static partial void StalePidFile(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "embedded_postgres_stopped")]
    private static partial void Stopped(ILogger logger, string dataDir);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "embedded_postgres_stop_failed")]
    private static partial void StopFailed(ILogger logger, int exitCode, string error);
}
