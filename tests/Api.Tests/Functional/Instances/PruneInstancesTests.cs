using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Domain.Membership;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Instances;

/// <summary><c>POST /instances/prune</c>: lost instances are forgotten, recorded as <c>InstancePruned</c>; one that comes back is listed again.</summary>
public sealed class PruneInstancesTests(MikFactory mik) : IClassFixture<MikFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lost_instance_is_pruned_recorded_and_listed_again_when_it_comes_back()
    {
        using var admin = mik.Admin();
        var lastSeen = DateTimeOffset.UtcNow.AddHours(-1);
        await GhostAsync("ghost-1", lastSeen, started: true);
        await WaitForAsync(admin, l => Status(l, "ghost-1") == "lost" && Field(l, "ghost-1", "host") == "ghost-host", "ghost-1 lost");

        var answer = await JsonAsync(await admin.PostAsync("/instances/prune", null, Ct), HttpStatusCode.OK);
        var pruned = Assert.Single(answer.GetProperty("pruned").EnumerateArray(), p => p.GetProperty("id").GetString() == "ghost-1");
        Assert.Equal("ghost-host", pruned.GetProperty("host").GetString());
        Assert.Equal(lastSeen.ToUnixTimeSeconds(), pruned.GetProperty("last_seen").GetDateTimeOffset().ToUnixTimeSeconds());
        // Gone from the answer on, and it stays gone once the projection has seen the event.
        Assert.Null(Status(await GetJsonAsync(admin, "/instances"), "ghost-1"));
        var e = Assert.Single(await EventsAsync(admin, "type=InstancePruned", where: e => Data(e, "instance_id") == "ghost-1"));
        Assert.Equal(("instance:ghost-1", "api@127.0.0.1"), (e.GetProperty("stream").GetString(), Data(e, "actor")));
        await Task.Delay(2000, Ct);
        Assert.Null(Status(await GetJsonAsync(admin, "/instances"), "ghost-1"));
        // This instance is running: nothing else to prune.
        Assert.Empty((await JsonAsync(await admin.PostAsync("/instances/prune", null, Ct), HttpStatusCode.OK)).GetProperty("pruned").EnumerateArray());

        // It comes back: a heartbeat lists it again at once, its start fills in the rest.
        await GhostAsync("ghost-1", DateTimeOffset.UtcNow, started: true);
        await WaitForAsync(admin, l => Status(l, "ghost-1") == "running" && Field(l, "ghost-1", "host") == "ghost-host", "ghost-1 back");
    }

    [Fact]
    public async Task An_instance_that_never_started_in_the_log_is_pruned_by_its_heartbeat_alone()
    {
        using var admin = mik.Admin();
        await GhostAsync("beat-only", DateTimeOffset.UtcNow.AddDays(-2), started: false);
        await WaitForAsync(admin, l => Status(l, "beat-only") == "lost", "beat-only lost");
        var answer = await JsonAsync(await admin.PostAsync("/instances/prune?instance=beat-only", null, Ct), HttpStatusCode.OK);
        Assert.Equal("beat-only", Assert.Single(answer.GetProperty("pruned").EnumerateArray()).GetProperty("id").GetString());
        Assert.Null(Status(await GetJsonAsync(admin, "/instances"), "beat-only"));
    }

    [Fact]
    public async Task Only_a_lost_instance_can_be_named_and_the_name_must_be_an_instance_id()
    {
        using var admin = mik.Admin();
        var self = await WaitForAsync(admin, l => l.EnumerateArray().Any(i => i.GetProperty("status").GetString() == "running"), "this instance");
        var selfId = self.EnumerateArray().First(i => i.GetProperty("status").GetString() == "running").GetProperty("id").GetString()!;
        var running = await ProblemAsync(await admin.PostAsync($"/instances/prune?instance={selfId}", null, Ct), HttpStatusCode.Conflict);
        Assert.Contains("is running: only lost instances are pruned", running.GetProperty("detail").GetString());
        await ProblemAsync(await admin.PostAsync("/instances/prune?instance=nobody", null, Ct), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.PostAsync("/instances/prune?instance=bad%20id!", null, Ct), HttpStatusCode.BadRequest, "instance");
        Assert.Equal("running", Status(await GetJsonAsync(admin, "/instances"), selfId));
    }

    [Fact]
    public async Task Prune_needs_the_key()
    {
        using var anonymous = mik.Admin(key: "");
        using var wrong = mik.Admin(key: MikFactory.ApiKey + "x");
        await ProblemAsync(await anonymous.PostAsync("/instances/prune", null, Ct), HttpStatusCode.Unauthorized);
        await ProblemAsync(await wrong.PostAsync("/instances/prune", null, Ct), HttpStatusCode.Forbidden);
    }

    /// <summary>Another instance of the cluster as the store sees it: its heartbeat, and its start in the log.</summary>
    private async Task GhostAsync(string id, DateTimeOffset lastSeen, bool started)
    {
        // Written straight to the store, so only once mik has migrated its schema (event_store "ok" comes after that).
        using (var admin = mik.Admin())
        {
            for (var waited = 0; !await EventStoreOkAsync(admin); waited += 200)
            {
                Assert.True(waited < 60_000, "the event store never came up");
                await Task.Delay(200, Ct);
            }
        }
        var store = mik.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        session.Store(new InstanceHeartbeat { Id = id, LastSeen = lastSeen });
        if (started) session.Events.Append("instance:" + id, new InstanceStarted(id, lastSeen.AddMinutes(-1), "ghost-host", 4242, [1, 2], "0.0.0", "00"));
        await session.SaveChangesAsync(Ct);
    }

    // /health is 503 while mik starts; its body says the same either way.
    private static async Task<bool> EventStoreOkAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/health", Ct);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return health.RootElement.TryGetProperty("event_store", out var state) && state.GetString() == "ok";
    }

    private static string? Status(JsonElement list, string id) => Field(list, id, "status");

    private static string? Field(JsonElement list, string id, string field) =>
        list.EnumerateArray().Where(i => i.GetProperty("id").GetString() == id).Select(i => i.GetProperty(field).GetString()).FirstOrDefault();

    private static async Task<JsonElement> WaitForAsync(HttpClient admin, Func<JsonElement, bool> condition, string what)
    {
        for (var waited = 0; ; waited += 200)
        {
            var list = await GetJsonAsync(admin, "/instances");
            if (condition(list)) return list;
            Assert.True(waited < 60_000, "timed out waiting for " + what + ": " + list);
            await Task.Delay(200, Ct);
        }
    }
}
