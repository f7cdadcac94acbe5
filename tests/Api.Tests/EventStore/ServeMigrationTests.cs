using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Deployments;
using Serilog;
using Serilog.Events;

namespace Mik.Durable.Api.Tests.EventStore;

/// <summary><c>mik serve</c> applies the migrations itself, and its projection daemon waits for them.</summary>
public sealed class ServeMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Started_while_PostgreSQL_is_down_serve_migrates_when_it_answers_and_then_projects_without_errors()
    {
        await using var relay = new PostgresRelay();
        var capture = new LogCapture();
        await using var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(capture).CreateLogger();
        await using var mik = await InProcessMik.StartAsync(c => c.Database.Url = relay.ConnectionString, logger: logger);

        await Task.Delay(1500, Ct);
        Assert.Equal("degraded", await EventStoreStateAsync(mik));
        relay.Open();
        // Generous bounds: on a loaded CI machine the daemon's start alone has taken several seconds.
        Assert.True(await EventuallyAsync(async () => await EventStoreStateAsync(mik) == "ok"),
            "event_store never became ok; logs:\n" + string.Join('\n', capture.Describe(LogEventLevel.Information)));
        Assert.Equal(["0001_initial.sql", "0002_audit_indexes.sql", "0003_module_bytes.sql"],
            await Sql.ColumnAsync($"SELECT name FROM {mik.Config.Database.Schema}.mik_migrations ORDER BY name"));

        var store = mik.App.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Events.Append("module:hello", new ModuleDeployed("hello", DateTimeOffset.UtcNow, "abc", 10, "api", "test"));
            await session.SaveChangesAsync(Ct);
        }
        Assert.True(await EventuallyAsync(async () =>
            {
                await using var query = store.QuerySession();
                return await query.LoadAsync<DeployedModule>("module:hello", Ct) is not null;
            }),
            "the module projection never caught up; logs:\n" + string.Join('\n', capture.Describe(LogEventLevel.Information)));
        Assert.Empty(capture.Describe(LogEventLevel.Error));
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(100, Ct);
        }
        return true;
    }

    // Read whatever the status: in store mode the host is still starting (503, same body) until it has converged.
    private static async Task<string?> EventStoreStateAsync(InProcessMik mik)
    {
        using var health = await mik.Runtime.GetAsync("/health", Ct);
        return (await health.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("event_store").GetString();
    }
}
