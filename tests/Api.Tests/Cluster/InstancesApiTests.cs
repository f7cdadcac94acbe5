using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Membership;

namespace Mik.Durable.Api.Tests.Cluster;

/// <summary>The real host: its lifecycle events, its heartbeat and <c>GET /instances</c>.</summary>
public sealed class InstancesApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_admin_listener_lists_this_instance_running_and_its_events_reach_the_store()
    {
        var mik = await InProcessMik.StartAsync(c => (c.Cluster.HeartbeatSecs, c.Cluster.LostAfterSecs) = (1, 3));
        string id;
        var schema = mik.Config.Database.Schema;
        await using (mik)
        {
            await mik.ReadyAsync();
            id = (await mik.Admin.GetFromJsonAsync<JsonElement>("/health", Ct)).GetProperty("instance_id").GetString()!;
            var self = await EventuallyAsync(async () =>
            {
                // 503 until the host has created its tables in the fresh test schema.
                using var response = await mik.Admin.GetAsync("/instances", Ct);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable) return default;
                var list = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                // Its heartbeat may list it before the projection has its InstanceStarted (host, pid… still null).
                return list.EnumerateArray().FirstOrDefault(i => i.GetProperty("id").GetString() == id
                    && i.GetProperty("status").GetString() == "running" && i.GetProperty("pid").ValueKind == JsonValueKind.Number
                    // Alone in its schema, it holds the HotCold daemon.
                    && i.GetProperty("runs_projections").GetBoolean());
            });
            Assert.Equal(Environment.ProcessId, self.GetProperty("pid").GetInt32());
            Assert.Equal([mik.Config.Server.Port, mik.Config.Admin.Port], self.GetProperty("ports").EnumerateArray().Select(p => p.GetInt32()));
            foreach (var field in new[] { "host", "version", "started_at", "last_seen", "config_sha256" })
                Assert.True(self.TryGetProperty(field, out _), field);

            using var onRuntime = await mik.Runtime.GetAsync("/instances", Ct);
            Assert.Equal(HttpStatusCode.NotFound, onRuntime.StatusCode);
        }

        await using var store = new DocumentStore(Mik.Durable.Api.EventStore.MikStoreOptions.Create(TestDatabase.ConnectionString, schema));
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync("instance:" + id, token: Ct);
        Assert.Equal(["instance_started", "instance_stopped"], events.Select(e => e.EventTypeName));
        Assert.Equal("shutdown", ((InstanceStopped)events[1].Data).Reason);
    }

    [Fact]
    public async Task Without_PostgreSQL_the_list_is_a_503_problem_not_a_500()
    {
        var closedPort = FreePort.Next();
        await using var mik = await InProcessMik.StartAsync(c => c.Database.Url = $"Host=127.0.0.1;Port={closedPort};Username=x;Password=y;Timeout=1");

        using var response = await mik.Admin.GetAsync("/instances", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("event_store_unavailable", problem.GetProperty("error").GetString());
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = await probe();
            if (found.ValueKind != JsonValueKind.Undefined) return found;
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for this instance in GET /instances");
            await Task.Delay(200, Ct);
        }
    }
}
