using Mik.Durable.Api.EventStore;
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

    /// <summary>Builds the host; <paramref name="map"/> may add test-only endpoints before it starts.</summary>
    public static async Task<InProcessMik> StartAsync(Action<MikConfig>? configure = null, Action<WebApplication>? map = null)
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
        var logger = new LoggerConfiguration().CreateLogger();
        var app = MikApplication.Build(new LoadedConfig(config, null, []),
            new EventStoreConnection(config.Database.Url, IsEmbedded: false), logger, []);
        map?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new InProcessMik(app, config, stateDir);
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
