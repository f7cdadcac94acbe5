using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Modules;

/// <summary>
/// <c>GET /modules/{name}</c> and <c>GET /modules</c> in store mode: the desired version, the kept versions, and what
/// every instance reported, here from the reports of made-up instances appended to the store as instances record them.
/// </summary>
public sealed class ModuleClusterViewTests(MikFactory mik) : IClassFixture<MikFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string Hello = RollbackModuleTests.Sha256(MikFactory.Guest("hello"));
    private static readonly string Echo = RollbackModuleTests.Sha256(MikFactory.Guest("echo"));

    [Fact]
    public async Task Each_instance_shows_what_it_serves_or_failed_to_serve_and_a_disagreement_is_split()
    {
        using var admin = mik.Admin();
        await JsonAsync(await admin.PutAsync("/modules/viewed", new ByteArrayContent(MikFactory.Guest("hello")), Ct), HttpStatusCode.Created);
        await JsonAsync(await admin.PutAsync("/modules/viewed", new ByteArrayContent(MikFactory.Guest("echo")), Ct), HttpStatusCode.OK);
        var self = mik.Services.GetRequiredService<InstanceIdentity>().Id;
        // Heartbeats ahead of the clock keep the made-up instances running however long the test takes; one is long gone.
        await HeartbeatsAsync(("ghost-a", DateTimeOffset.UtcNow.AddHours(1)), ("ghost-b", DateTimeOffset.UtcNow.AddHours(1)),
            ("ghost-lost", DateTimeOffset.UtcNow.AddHours(-1)));
        var failedAt = DateTimeOffset.UtcNow;
        await ReportAsync(
            new ModuleActivated("viewed", failedAt.AddSeconds(-2), self, Echo),
            new ModuleActivated("viewed", failedAt.AddSeconds(-2), "ghost-a", Echo),
            new ModuleActivated("viewed", failedAt.AddSeconds(-1), "ghost-b", Hello),
            new ModuleActivationFailed("viewed", failedAt, "ghost-b", Echo, "does not compile: out of fuel"),
            new ModuleActivated("other", failedAt, "ghost-b", Echo));
        var module = await WaitForAsync(admin, "/modules/viewed", m => Instance(m, self) is not null);

        var desired = module.GetProperty("desired");
        Assert.Equal((Echo, 2, "api"), (desired.GetProperty("sha256").GetString(), desired.GetProperty("version").GetInt32(), desired.GetProperty("source").GetString()));
        Assert.Equal([(2, Echo), (1, Hello)], module.GetProperty("versions").EnumerateArray()
            .Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("sha256").GetString())));
        Assert.Equal(("running", Echo), Serving(module, self));
        Assert.Equal(("running", Echo), Serving(module, "ghost-a"));
        Assert.Equal(("running", Hello), Serving(module, "ghost-b"));
        var failed = Instance(module, "ghost-b")!.Value;
        Assert.Equal((Echo, "does not compile: out of fuel"), (failed.GetProperty("failed_sha256").GetString(), failed.GetProperty("failed_reason").GetString()));
        Assert.Equal(failedAt.ToUnixTimeMilliseconds(), failed.GetProperty("failed_at").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(("lost", null), Serving(module, "ghost-lost"));
        Assert.True(module.GetProperty("split").GetBoolean());
        Assert.True(Listed(await GetJsonAsync(admin, "/modules"), "viewed").GetProperty("split").GetBoolean());

        // ghost-b catches up: the failure is settled, and a lost instance does not make the module split.
        await ReportAsync(new ModuleActivated("viewed", DateTimeOffset.UtcNow, "ghost-b", Echo));
        module = await GetJsonAsync(admin, "/modules/viewed");
        Assert.Equal(("running", Echo), Serving(module, "ghost-b"));
        Assert.Equal(JsonValueKind.Null, Instance(module, "ghost-b")!.Value.GetProperty("failed_sha256").ValueKind);
        Assert.False(module.GetProperty("split").GetBoolean());
        Assert.False(Listed(await GetJsonAsync(admin, "/modules"), "viewed").GetProperty("split").GetBoolean());
    }

    [Fact]
    public async Task A_module_the_store_desires_but_this_instance_does_not_serve_is_shown_not_404()
    {
        using var admin = mik.Admin();
        await JsonAsync(await admin.PutAsync("/modules/anchor", new ByteArrayContent(MikFactory.Guest("hello")), Ct), HttpStatusCode.Created);
        // Deployed by another instance of the cluster: in the store, not in this modules folder.
        await ReportAsync(new ModuleDeployed("elsewhere", DateTimeOffset.UtcNow, Echo, 100, DeploySources.Api, "api@10.0.0.9", 1));

        var self = mik.Services.GetRequiredService<InstanceIdentity>().Id;
        var module = await WaitForAsync(admin, "/modules/elsewhere", m => Instance(m, self) is not null);
        Assert.Equal(JsonValueKind.Null, module.GetProperty("sha256").ValueKind);
        Assert.Equal(Echo, module.GetProperty("desired").GetProperty("sha256").GetString());
        Assert.True(module.GetProperty("split").GetBoolean());
        await ProblemAsync(await admin.GetAsync("/modules/never-deployed", Ct), HttpStatusCode.NotFound);
        // The list shows it too (from the module projection, hence the wait), flagged split.
        var list = await WaitForAsync(admin, "/modules", l => l.EnumerateArray().Any(m => m.GetProperty("name").GetString() == "elsewhere"));
        Assert.Equal((JsonValueKind.Null, true),
            (Listed(list, "elsewhere").GetProperty("sha256").ValueKind, Listed(list, "elsewhere").GetProperty("split").GetBoolean()));

        await JsonAsync(await admin.DeleteAsync("/modules/anchor", Ct), HttpStatusCode.OK);
        await ProblemAsync(await admin.GetAsync("/modules/anchor", Ct), HttpStatusCode.NotFound);
    }

    private async Task HeartbeatsAsync(params (string Id, DateTimeOffset LastSeen)[] beats)
    {
        await using var session = mik.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        foreach (var (id, lastSeen) in beats) session.Store(new InstanceHeartbeat { Id = id, LastSeen = lastSeen });
        await session.SaveChangesAsync(Ct);
    }

    private async Task ReportAsync(params IAuditEvent[] events)
    {
        await using var session = mik.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        foreach (var e in events) session.Events.Append(e.Stream, session.BuildAuditEvent(e));
        await session.SaveChangesAsync(Ct);
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient admin, string path, Func<JsonElement, bool> condition)
    {
        for (var waited = 0; ; waited += 200)
        {
            var value = await GetJsonAsync(admin, path);
            if (condition(value)) return value;
            Assert.True(waited < 60_000, $"timed out waiting on {path}: {value}");
            await Task.Delay(200, Ct);
        }
    }

    private static JsonElement? Instance(JsonElement module, string id) =>
        module.GetProperty("instances").EnumerateArray().Where(i => i.GetProperty("id").GetString() == id).Cast<JsonElement?>().FirstOrDefault();

    private static (string?, string?) Serving(JsonElement module, string id) =>
        Instance(module, id) is { } i ? (i.GetProperty("status").GetString(), i.GetProperty("sha256").GetString()) : (null, null);

    private static JsonElement Listed(JsonElement list, string name) => list.EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
}
