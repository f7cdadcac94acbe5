using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own, which the test may stop and start (the shared test server must stay up
/// for the others). Made like scripts/lib/test-postgres.sh: initdb under /tmp, loopback TCP on a port fixed for its
/// life, no unix socket, trust auth; as root it runs as the <c>postgres</c> user through runuser.
/// </summary>
internal sealed partial class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;

    private PrivatePostgres(string bin, string directory, int port)
    {
        _bin = bin;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }
    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";
    private string Data => Path.Combine(Directory, "data");

    public static async Task<PrivatePostgres> CreateAsync()
    {
        var directory = Path.Combine("/tmp", "mik-e2e-pg-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory);
        var pg = new PrivatePostgres(BinDir(), directory, Ports.Free());
        if (geteuid() == 0) await RunAsync("chown", ["postgres:", directory]);
        await pg.RunPgAsync("initdb", ["-D", pg.Data, "-U", "postgres", "-E", "UTF8", "--no-locale", "--auth=trust", "--no-sync"]);
        // fsync off is safe here: the test stops PostgreSQL, never the machine. Commits stay synchronous, so an
        // immediate stop loses nothing that was committed.
        await File.AppendAllTextAsync(Path.Combine(pg.Data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {pg.Port}
            unix_socket_directories = ''
            fsync = off
            full_page_writes = off

            """);
        await pg.StartAsync();
        return pg;
    }

    public Task StartAsync() =>
        RunPgAsync("pg_ctl", ["-D", Data, "-l", Path.Combine(Directory, "postgres.log"), "-w", "-t", "60", "-s", "start"]);

    /// <summary>Stops the server the way a crash or a lost host would: connections cut, no checkpoint.</summary>
    public Task StopAsync() => RunPgAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "-s", "stop"]);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
            }
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task RunPgAsync(string program, string[] arguments) => RunToolAsync(_bin, program, arguments);

    /// <summary>Runs one of PostgreSQL's programs from <paramref name="bin"/> as the user that owns the clusters.</summary>
    internal static Task RunToolAsync(string bin, string program, string[] arguments) =>
        geteuid() == 0
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, program), .. arguments])
            : RunAsync(Path.Combine(bin, program), arguments);

    private static async Task RunAsync(string program, string[] arguments)
    {
        // runuser keeps the caller's cwd; PostgreSQL's tools complain when the postgres user cannot enter it.
        var info = new ProcessStartInfo(program) { WorkingDirectory = "/", RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stdout}{await stderr}");
    }

    internal static string BinDir()
    {
        if (Environment.GetEnvironmentVariable("MIK_PG_BINDIR") is { Length: > 0 } configured) return configured;
        var newest = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Where(d => int.TryParse(Path.GetFileName(d), out _))
                .OrderByDescending(d => int.Parse(Path.GetFileName(d)))
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            : null;
        return newest ?? throw new InvalidOperationException(
            "PostgreSQL server programs not found in /usr/lib/postgresql/N/bin (set MIK_PG_BINDIR): scripts/test.sh installs them.");
    }

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
