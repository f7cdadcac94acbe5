using System.Net;
using System.Security.Cryptography;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;
using Serilog;

namespace Mik.Durable.Api.Tests.Cluster.Convergence;

/// <summary>
/// PostgreSQL away (a relay in front of the test database): an instance serves what it has, says so once, and
/// converges when PostgreSQL is back. Another instance's deployments are written straight to the database.
/// </summary>
public sealed class ConvergenceOutageTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _schema = TestDatabase.NewSchema();
    private readonly string _modules = Directory.CreateTempSubdirectory("mik-modules-").FullName;
    private readonly PostgresRelay _relay = new();
    private readonly LogCapture _capture = new();

    public async ValueTask DisposeAsync()
    {
        await _relay.DisposeAsync();
        Directory.Delete(_modules, recursive: true);
    }

    private Task<InProcessMik> StartAsync(int convergeTimeoutSecs = 30) =>
        InProcessMik.StartAsync(c =>
        {
            c.Database.Url = _relay.ConnectionString;
            c.Database.Schema = _schema;
            c.Server.Modules = _modules;
            (c.Cluster.CatchUpSecs, c.Cluster.ConvergeTimeoutSecs) = (1, convergeTimeoutSecs);
        }, logger: new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(_capture).CreateLogger());

    /// <summary>What another instance's <c>PUT /modules/{name}</c> writes: the event, the bytes and the notification.</summary>
    private async Task DeployElsewhereAsync(string name, string guest)
    {
        var config = new MikConfig { Database = { Schema = _schema } };
        await using var store = await TestEventStore.CreateAsync(_schema);
        var log = new ModuleAuditLog(store, TimeProvider.System,
            new ModuleBytesStore(new EventStoreConnection(TestDatabase.ConnectionString, IsEmbedded: false), config), config);
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", guest + ".wasm"));
        await log.DeployAsync(name, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, DeploySources.Api, "elsewhere", null, Ct,
            bytes: bytes);
    }

    private int Logged(string message) => _capture.Events.Count(e => e.MessageTemplate.Text == message);

    private static async Task<(HttpStatusCode, string)> GetAsync(InProcessMik mik, string path)
    {
        using var response = await mik.Runtime.GetAsync(path, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task Started_without_PostgreSQL_it_is_ready_after_converge_timeout_secs_serving_its_folder_and_converges_once_it_answers()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "guests", "hello.wasm"), Path.Combine(_modules, "local.wasm"));
        await DeployElsewhereAsync("x", "twoentry");
        await using var mik = await StartAsync(convergeTimeoutSecs: 1);

        await mik.ReadyAsync();
        Assert.Equal(1, Logged("cluster_converge_timed_out"));
        Assert.Equal((HttpStatusCode.OK, "Hello from mik\n"), await GetAsync(mik, "/run/local/"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(mik, "/run/x/")).Item1);

        _relay.Open();
        await WaitForAsync(async () => await GetAsync(mik, "/run/x/") == (HttpStatusCode.OK, "two entrypoints\n"), "x from the store");
        Assert.Equal((HttpStatusCode.OK, "Hello from mik\n"), await GetAsync(mik, "/run/local/"));
    }

    [Fact]
    public async Task While_PostgreSQL_is_away_passes_fail_quietly_once_per_outage_and_the_instance_catches_up_after()
    {
        _relay.Open();
        await DeployElsewhereAsync("x", "hello");
        await using var mik = await StartAsync();
        await mik.ReadyAsync();
        Assert.Equal((HttpStatusCode.OK, "Hello from mik\n"), await GetAsync(mik, "/run/x/"));

        await _relay.CloseAsync();
        await WaitForAsync(() => Task.FromResult(Logged("cluster_converge_failed") > 0 && Logged("cluster_listen_lost") > 0), "the outage to be noticed");
        await DeployElsewhereAsync("x", "twoentry");
        // Several more passes (one a second) fail meanwhile: a lower bound, not a deadline.
        await Task.Delay(3000, Ct);
        Assert.Equal((HttpStatusCode.OK, "Hello from mik\n"), await GetAsync(mik, "/run/x/"));

        _relay.Open();
        await WaitForAsync(async () => await GetAsync(mik, "/run/x/") == (HttpStatusCode.OK, "two entrypoints\n"), "the version deployed meanwhile");
        await WaitForAsync(() => Task.FromResult(Logged("cluster_converge_resumed") + Logged("cluster_listen_resumed") == 2), "both resumed");
        Assert.Equal((1, 1), (Logged("cluster_converge_failed"), Logged("cluster_listen_lost")));
    }
}
