using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mik.Durable.Api.Tests.Support;

namespace Mik.Durable.Api.Tests.Health;

public sealed class HealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Both_listeners_answer_ready_with_the_documented_fields()
    {
        await using var mik = await InProcessMik.StartAsync();
        await mik.ReadyAsync();

        foreach (var client in new[] { mik.Runtime, mik.Admin })
        {
            using var response = await client.GetAsync("/health", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            var root = json.RootElement;
            Assert.Equal("ready", root.GetProperty("status").GetString());
            foreach (var field in new[] { "version", "instance_id", "uptime_s", "modules_loaded", "in_flight", "event_store", "circuits_open" })
                Assert.True(root.TryGetProperty(field, out _), field);
            foreach (var field in new[] { "entries", "bytes", "capacity_bytes", "hit_ratio" })
                Assert.True(root.GetProperty("cache").TryGetProperty(field, out _), "cache." + field);
            Assert.Equal(256L * 1024 * 1024, root.GetProperty("cache").GetProperty("capacity_bytes").GetInt64());
        }
    }

    [Fact]
    public async Task The_event_store_reports_ok_once_PostgreSQL_answers()
    {
        await using var mik = await InProcessMik.StartAsync();
        string? state = null;
        for (var i = 0; i < 300 && state != "ok"; i++)
        {
            // 503 while starting (store mode converges first): the body says event_store all the same.
            using var health = await mik.Runtime.GetAsync("/health", Ct);
            state = (await health.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("event_store").GetString();
            if (state != "ok") await Task.Delay(100, Ct);
        }
        Assert.Equal("ok", state);
    }

    [Fact]
    public async Task An_unreachable_event_store_is_degraded_but_mik_still_serves_once_converge_timeout_secs_passed()
    {
        var closedPort = FreePort.Next();
        await using var mik = await InProcessMik.StartAsync(c =>
        {
            c.Database.Url = $"Host=127.0.0.1;Port={closedPort};Username=x;Password=y;Timeout=1";
            c.Cluster.ConvergeTimeoutSecs = 1;
        });

        await mik.ReadyAsync();
        using var response = await mik.Runtime.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("degraded", body.GetProperty("event_store").GetString());
    }

    [Fact]
    public async Task In_store_mode_an_instance_that_cannot_converge_stays_starting_while_in_folder_mode_it_is_ready_at_once()
    {
        var closedPort = FreePort.Next();
        var unreachable = $"Host=127.0.0.1;Port={closedPort};Username=x;Password=y;Timeout=1";
        await using var store = await InProcessMik.StartAsync(c =>
        {
            c.Database.Url = unreachable;
            c.Cluster.ConvergeTimeoutSecs = 3600;
        });
        await using var folder = await InProcessMik.StartAsync(c =>
        {
            c.Database.Url = unreachable;
            c.Cluster.ModuleSource = "folder";
        });

        await folder.ReadyAsync();
        using var starting = await store.Runtime.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        Assert.Equal("starting", (await starting.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }
}
