using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Domain.Deployments;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.State;

/// <summary><c>POST /state/rebuild</c>: the projections again from the event log, recorded as <c>ProjectionsRebuilt</c>.</summary>
public sealed class RebuildStateTests(MikFactory mik) : IClassFixture<MikFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rebuild_restores_lost_projected_documents_from_the_event_log_and_is_recorded()
    {
        using var admin = mik.Admin();
        using (var deployed = await admin.PutAsync("/modules/rebuilt", new ByteArrayContent(MikFactory.Guest("hello")), Ct))
            Assert.True(deployed.IsSuccessStatusCode);
        await WaitUntilRunningProjectionsAsync(admin);
        await WaitForAsync(async () => await CountAsync<DeployedModule>() == 1, "the deployment projected");

        // What `rm ~/.mik/state.redb` used to fix: projected state gone or wrong while the event log is intact.
        var store = mik.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.HardDeleteWhere<InstanceView>(_ => true);
            session.HardDeleteWhere<DeployedModule>(_ => true);
            await session.SaveChangesAsync(Ct);
        }
        Assert.Equal(JsonValueKindNull, (await GetJsonAsync(admin, "/instances"))[0].GetProperty("host").ValueKind);

        // The class shares one mik: another test's rebuild may be recorded already.
        var recordedBefore = (await EventsAsync(admin, "type=ProjectionsRebuilt", count: 0)).Length;
        var rebuilt = await JsonAsync(await admin.PostAsync("/state/rebuild", null, Ct), HttpStatusCode.OK);
        Assert.Equal(["modules", "breakers", "instances"], rebuilt.GetProperty("projections").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(1, Documents(rebuilt, "modules"));
        Assert.Equal(1, Documents(rebuilt, "instances"));
        Assert.True(rebuilt.GetProperty("events").GetInt64() >= 2);
        Assert.Equal(1, await CountAsync<DeployedModule>());
        Assert.NotEqual(JsonValueKindNull, (await GetJsonAsync(admin, "/instances"))[0].GetProperty("host").ValueKind);

        var recorded = await EventsAsync(admin, "type=ProjectionsRebuilt", count: recordedBefore + 1);
        Assert.Equal(recordedBefore + 1, recorded.Length);
        var e = recorded[0];   // newest first
        Assert.Equal("state", e.GetProperty("stream").GetString());
        Assert.Equal("api@127.0.0.1", Data(e, "actor"));
        Assert.Equal(3, e.GetProperty("data").GetProperty("projections").GetArrayLength());

        // The daemon runs the projections on after the rebuild: a new event is projected.
        await admin.DeleteAsync("/modules/rebuilt", Ct);
        await WaitForAsync(RemovedAsync, "the removal projected");
    }

    [Fact]
    public async Task One_projection_can_be_named_and_an_unknown_one_is_a_400_naming_the_parameter()
    {
        using var admin = mik.Admin();
        await WaitUntilRunningProjectionsAsync(admin);
        var rebuilt = await JsonAsync(await admin.PostAsync("/state/rebuild?projection=breakers", null, Ct), HttpStatusCode.OK);
        Assert.Equal("breakers", Assert.Single(rebuilt.GetProperty("projections").EnumerateArray()).GetProperty("name").GetString());

        var problem = await ProblemAsync(await admin.PostAsync("/state/rebuild?projection=everything", null, Ct), HttpStatusCode.BadRequest, "projection");
        Assert.Contains("modules, breakers, instances", problem.GetRawText());
    }

    [Fact]
    public async Task Rebuild_needs_the_key()
    {
        using var anonymous = mik.Admin(key: "");
        using var wrong = mik.Admin(key: MikFactory.ApiKey + "x");
        await ProblemAsync(await anonymous.PostAsync("/state/rebuild", null, Ct), HttpStatusCode.Unauthorized);
        await ProblemAsync(await wrong.PostAsync("/state/rebuild", null, Ct), HttpStatusCode.Forbidden);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static int Documents(System.Text.Json.JsonElement rebuilt, string name) =>
        rebuilt.GetProperty("projections").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("documents").GetInt32();

    private async Task<bool> RemovedAsync()
    {
        await using var session = mik.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var modules = await session.Query<DeployedModule>().ToListAsync(Ct);
        return modules.Count == 1 && modules[0].Removed;
    }

    private async Task<int> CountAsync<T>() where T : notnull
    {
        await using var session = mik.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<T>().CountAsync(Ct);
    }

    // The daemon starts once the schema is ready and takes the HotCold lock a moment later.
    private static Task WaitUntilRunningProjectionsAsync(HttpClient admin) => WaitForAsync(async () =>
    {
        var instances = await GetJsonAsync(admin, "/instances");
        return instances.GetArrayLength() == 1 && instances[0].GetProperty("runs_projections").GetBoolean();
    }, "this instance running the projections");

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        for (var waited = 0; !await condition(); waited += 200)
        {
            Assert.True(waited < 60_000, "timed out waiting for " + what);
            await Task.Delay(200, Ct);
        }
    }
}
