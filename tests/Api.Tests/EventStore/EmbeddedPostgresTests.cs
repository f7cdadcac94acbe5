using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.EventStore.Embedded;
using Npgsql;

namespace Mik.Durable.Api.Tests.EventStore;

/// <summary>The embedded cluster against the machine's real PostgreSQL programs.</summary>
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _dir = Path.Combine("/tmp", "mik-embedded-" + Guid.NewGuid().ToString("N")[..8], "pg");
    private readonly List<EmbeddedPostgres> _started = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EmbeddedPostgres NewCluster()
    {
        var cluster = new EmbeddedPostgres(_dir, 0, PostgresBinaries.Locate(Environment.GetEnvironmentVariable),
            OsUser.ForCluster(), NullLogger.Instance);
        _started.Add(cluster);
        return cluster;
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    [Fact]
    public async Task The_first_start_creates_the_cluster_and_a_restart_keeps_its_data()
    {
        var first = NewCluster();
        var connection = await first.StartAsync(Ct);
        await ScalarAsync(connection, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
        await first.StopAsync(Ct);
        Assert.Null(PostmasterPidFile.Read(first.DataDirectory));

        var again = await NewCluster().StartAsync(Ct);
        Assert.Equal(42, await ScalarAsync(again, "SELECT v FROM kept"));
        Assert.False(Directory.Exists(first.DataDirectory + ".init"));
    }

    [Fact]
    public async Task A_cluster_left_running_by_a_killed_mik_is_reused_and_stopped_on_exit()
    {
        var left = NewCluster();
        await left.StartAsync(Ct);
        var pid = PostmasterPidFile.Read(left.DataDirectory)!.Pid;

        var next = NewCluster();
        var connection = await next.StartAsync(Ct);
        Assert.Equal(left.Port, next.Port);
        Assert.Equal(pid, PostmasterPidFile.Read(next.DataDirectory)!.Pid);
        Assert.Equal(1, await ScalarAsync(connection, "SELECT 1"));

        await next.StopAsync(Ct);
        Assert.Null(PostmasterPidFile.Read(next.DataDirectory));
    }

    [Fact]
    public async Task A_stale_pid_file_naming_another_live_program_is_recovered()
    {
        var cluster = NewCluster();
        await cluster.StartAsync(Ct);
        await cluster.StopAsync(Ct);
        using var impostor = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var pidFile = Path.Combine(cluster.DataDirectory, "postmaster.pid");
            await File.WriteAllTextAsync(pidFile, $"{impostor.Id}\n{cluster.DataDirectory}\n1700000000\n5999\n\n127.0.0.1\n  1  1\nready   \n", Ct);

            var connection = await NewCluster().StartAsync(Ct);
            Assert.Equal(1, await ScalarAsync(connection, "SELECT 1"));
        }
        finally
        {
            impostor.Kill();
        }
    }

    [Fact]
    public async Task A_postmaster_killed_with_SIGKILL_is_recovered_on_the_next_start()
    {
        var cluster = NewCluster();
        var connection = await cluster.StartAsync(Ct);
        await ScalarAsync(connection, "CREATE TABLE survived (v int); INSERT INTO survived VALUES (7)");
        var pid = PostmasterPidFile.Read(cluster.DataDirectory)!.Pid;
        Process.GetProcessById(pid).Kill();
        for (var i = 0; i < 600 && File.Exists($"/proc/{pid}/comm") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z"); i++)
            await Task.Delay(50, Ct);

        var recovered = await NewCluster().StartAsync(Ct);
        Assert.Equal(7, await ScalarAsync(recovered, "SELECT v FROM survived"));
    }

    [Fact]
    public async Task Connections_without_the_generated_password_are_refused()
    {
        var cluster = NewCluster();
        await cluster.StartAsync(Ct);
        var anonymous = $"Host=127.0.0.1;Port={cluster.Port};Username=mik;Database=mik;Password=guess;Pooling=false";
        var e = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(anonymous, "SELECT 1"));
        Assert.Equal("28P01", e.SqlState);
    }

    [Fact]
    public void Missing_PostgreSQL_programs_are_a_clear_error_saying_how_to_install_them()
    {
        var e = Assert.Throws<EmbeddedPostgresException>(() =>
            PostgresBinaries.Locate(name => name == "PATH" ? "/nonexistent/bin" : null, debianRoot: "/nonexistent/lib"));
        Assert.Contains("apt-get install postgresql", e.Message);
        Assert.Contains("MIK_DATABASE_URL", e.Message);
    }

    public void Dispose()
    {
        foreach (var cluster in _started)
            cluster.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (Directory.Exists(Path.GetDirectoryName(_dir))) Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);
    }
}
