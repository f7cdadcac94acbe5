using Microsoft.Extensions.DependencyInjection;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Health;
using Mik.Durable.Api.Hosting;
using Mik.Durable.Runtime.Configuration;
using Microsoft.AspNetCore.Builder;
using Serilog;

namespace Mik.Durable.Api.Tests.Support;

/// <summary>The real <c>mik serve</c> host on free loopback ports and the test PostgreSQL, in this process.</summary>
internal sealed class InProcessMik : IAsyncDisposable
{
    private readonly string _stateDir;

    private InProcessMik(WebApplication app, MikConfig config, string stateDir)
    {
        _stateDir = stateDir;
        App = app;
        Config = config;
        Runtime = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{config.Server.Port}") };
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{config.Admin.Port}") };
    }

    public WebApplication App { get; }
    public MikConfig Config { get; }
    public HttpClient Runtime { get; }
    public HttpClient Admin { get; }

    /// <summary>
    /// Builds the host; <paramref name="map"/> may add test-only endpoints before it starts, and <paramref name="logger"/>
    /// receives its log lines (else they are discarded).
    /// </summary>
    public static async Task<InProcessMik> StartAsync(
        Action<MikConfig>? configure = null, Action<WebApplication>? map = null, Serilog.ILogger? logger = null)
    {
        var config = new MikConfig();
        config.Server.Host = "127.0.0.1";
        config.Server.Port = FreePort.Next();
        config.Admin.Port = FreePort.Next();
        config.Database.Url = TestDatabase.ConnectionString;
        config.Database.Schema = TestDatabase.NewSchema();
        // Hosts run side by side: each needs its own instance id, config snapshot and spool.
        var stateDir = Directory.CreateTempSubdirectory("mik-state-").FullName;
        config.State.Dir = stateDir;
        configure?.Invoke(config);
        logger ??= new LoggerConfiguration().CreateLogger();
        var app = MikApplication.Build(new LoadedConfig(config, null, []),
            new EventStoreConnection(config.Database.Url, IsEmbedded: false), logger, []);
        map?.Invoke(app);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            // Hosted services that did start must not outlive the test.
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            throw;
        }
        return new InProcessMik(app, config, stateDir);
    }

    /// <summary>Waits (at most 30 s) until the host has brought its schema up and reached PostgreSQL.</summary>
    public async Task EventStoreReadyAsync()
    {
        var status = App.Services.GetRequiredService<EventStoreStatus>();
        for (var waited = 0; !status.IsUp; waited += 50)
        {
            if (waited > 30_000) Assert.Fail("the event store did not come up");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Waits (at most 60 s) until <c>/health</c> turns ready: in store mode only after the first convergence pass, or
    /// after <c>cluster.converge_timeout_secs</c> without PostgreSQL.
    /// </summary>
    public async Task ReadyAsync()
    {
        var state = App.Services.GetRequiredService<ServerState>();
        for (var waited = 0; state.Status != ServerStatus.Ready; waited += 50)
        {
            if (waited > 60_000) Assert.Fail("mik did not become ready");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Runtime.Dispose();
        Admin.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }
}
