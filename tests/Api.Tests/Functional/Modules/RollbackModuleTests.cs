using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Api.Tests.Support;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Modules;

/// <summary>The store keeps the bytes of two versions per module here, so pruning shows after three deployments.</summary>
public sealed class KeepTwoVersionsMik() : MikFactory("[cluster]\nkeep_versions = 2");

/// <summary><c>POST /modules/{name}/rollback[?to=]</c> in store mode.</summary>
public sealed class RollbackModuleTests(KeepTwoVersionsMik mik) : IClassFixture<KeepTwoVersionsMik>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly byte[] Hello = MikFactory.Guest("hello");
    private static readonly byte[] Echo = MikFactory.Guest("echo");

    [Fact]
    public async Task A_rollback_serves_the_previous_version_at_once_and_is_recorded_as_a_deployment()
    {
        using var admin = mik.Admin();
        await DeployAsync(admin, "rb", Hello, HttpStatusCode.Created);
        await DeployAsync(admin, "rb", Echo, HttpStatusCode.OK);

        var back = await JsonAsync(await admin.PostAsync("/modules/rb/rollback", null, Ct), HttpStatusCode.OK);
        Assert.True(back.GetProperty("changed").GetBoolean());
        Assert.Equal(1, back.GetProperty("rolled_back_to").GetInt32());
        var module = back.GetProperty("module");
        Assert.Equal((Sha256(Hello), "rollback"), (module.GetProperty("sha256").GetString(), module.GetProperty("source").GetString()));
        Assert.Equal((3, Sha256(Hello)), (module.GetProperty("desired").GetProperty("version").GetInt32(), Desired(module)));
        Assert.Equal("Hello from mik\n", await RunAsync("rb"));

        var recorded = (await EventsAsync(admin, "type=ModuleDeployed&module=rb", 3)).Single(e => Data(e, "source") == "rollback");
        var data = recorded.GetProperty("data");
        Assert.Equal((1, 3, "api@127.0.0.1"),
            (data.GetProperty("rolled_back_to").GetInt32(), data.GetProperty("version").GetInt32(), data.GetProperty("actor").GetString()));
        // keep_versions = 2: version 1's row is gone, its bytes stay while version 3 uses them.
        var versions = Versions(await GetJsonAsync(admin, "/modules/rb"));
        Assert.Equal(new[] { 3, 2 }, versions);

        // Back again: the last kept version with other bytes is 2 (echo).
        var forward = await JsonAsync(await admin.PostAsync("/modules/rb/rollback", null, Ct), HttpStatusCode.OK);
        Assert.Equal((2, Sha256(Echo)), (forward.GetProperty("rolled_back_to").GetInt32(), forward.GetProperty("module").GetProperty("sha256").GetString()));
        Assert.Contains("ping", await RunAsync("rb"));

        // By number, to a version whose row was pruned while a later version keeps its bytes, and by sha256.
        var one = await JsonAsync(await admin.PostAsync("/modules/rb/rollback?to=1", null, Ct), HttpStatusCode.OK);
        Assert.Equal((1, Sha256(Hello)), (one.GetProperty("rolled_back_to").GetInt32(), one.GetProperty("module").GetProperty("sha256").GetString()));
        Assert.Equal("Hello from mik\n", await RunAsync("rb"));
        var same = await JsonAsync(await admin.PostAsync($"/modules/rb/rollback?to={Sha256(Hello).ToUpperInvariant()}", null, Ct), HttpStatusCode.OK);
        Assert.False(same.GetProperty("changed").GetBoolean());
        // Five deployments: two uploads and three rollbacks; the rollback to the current bytes recorded nothing.
        Assert.Equal(5, (await EventsAsync(admin, "type=ModuleDeployed&module=rb", 5)).Length);
    }

    [Fact]
    public async Task A_version_whose_bytes_were_pruned_is_a_404_version_not_kept_and_changes_nothing()
    {
        using var admin = mik.Admin();
        await DeployAsync(admin, "pruned", Echo, HttpStatusCode.Created);
        await DeployAsync(admin, "pruned", Hello, HttpStatusCode.OK);
        await DeployAsync(admin, "pruned", MikFactory.Guest("headers"), HttpStatusCode.OK);

        foreach (var to in new[] { "1", Sha256(Echo), "99" })
        {
            var problem = await ProblemAsync(await admin.PostAsync($"/modules/pruned/rollback?to={to}", null, Ct), HttpStatusCode.NotFound);
            Assert.Equal("version_not_kept", problem.GetProperty("error").GetString());
            Assert.Contains($"version {to} of 'pruned' is not kept", problem.GetProperty("detail").GetString());
            Assert.Contains("kept: 3, 2", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(Sha256(MikFactory.Guest("headers")), Desired(await GetJsonAsync(admin, "/modules/pruned")));
        Assert.Single(await EventsAsync(admin, "type=ModuleDeployed&module=pruned", 3), e => Data(e, "source") == "api" && e.GetProperty("data").GetProperty("version").GetInt32() == 3);
    }

    [Fact]
    public async Task Unknown_modules_a_single_version_and_malformed_targets_are_refused()
    {
        using var admin = mik.Admin();
        var unknown = await ProblemAsync(await admin.PostAsync("/modules/nosuch/rollback", null, Ct), HttpStatusCode.NotFound);
        Assert.False(unknown.TryGetProperty("error", out _));
        await ProblemAsync(await admin.PostAsync("/modules/Bad.Name/rollback", null, Ct), HttpStatusCode.BadRequest, "name");
        foreach (var to in new[] { "0", "-1", "two", new string('a', 63), new string('g', 64), "1.5" })
            await ProblemAsync(await admin.PostAsync($"/modules/anything/rollback?to={Uri.EscapeDataString(to)}", null, Ct), HttpStatusCode.BadRequest, "to");

        await DeployAsync(admin, "single", Hello, HttpStatusCode.Created);
        var none = await ProblemAsync(await admin.PostAsync("/modules/single/rollback", null, Ct), HttpStatusCode.NotFound);
        Assert.Equal("version_not_kept", none.GetProperty("error").GetString());
        Assert.Contains("no earlier version of 'single' is kept", none.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_removed_module_comes_back_with_a_rollback_as_a_201()
    {
        using var admin = mik.Admin();
        await DeployAsync(admin, "revived", Hello, HttpStatusCode.Created);
        await JsonAsync(await admin.DeleteAsync("/modules/revived", Ct), HttpStatusCode.OK);

        using var response = await admin.PostAsync("/modules/revived/rollback", null, Ct);
        var back = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("/modules/revived", response.Headers.Location?.OriginalString);
        Assert.Equal(1, back.GetProperty("rolled_back_to").GetInt32());
        Assert.Equal("Hello from mik\n", await RunAsync("revived"));
    }

    [Fact]
    public async Task A_rollback_racing_another_deployment_is_a_409_and_the_other_deployment_stands()
    {
        using var admin = mik.Admin();
        await DeployAsync(admin, "raced", Hello, HttpStatusCode.Created);
        await DeployAsync(admin, "raced", Echo, HttpStatusCode.OK);
        var store = mik.Services.GetRequiredService<IDocumentStore>();
        var other = new string('e', 64);

        // Another writer holds the stream: the rollback decides on version 2 and waits to append; the other commits first.
        await using (var writer = store.LightweightSession())
        {
            var stream = await writer.Events.FetchForExclusiveWriting<DeployedModule>("module:raced", Ct);
            var rollback = admin.PostAsync("/modules/raced/rollback", null, Ct);
            await WaitUntilBlockedAsync(rollback);
            stream.AppendOne(writer.BuildAuditEvent(new ModuleDeployed("raced", DateTimeOffset.UtcNow, other, 10, DeploySources.Api, "someone", 3)));
            await writer.SaveChangesAsync(Ct);

            var problem = await ProblemAsync(await rollback, HttpStatusCode.Conflict);
            Assert.Contains("module 'raced' was changed by another request", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(other, Desired(await GetJsonAsync(admin, "/modules/raced")));
        Assert.DoesNotContain(await EventsAsync(admin, "type=ModuleDeployed&module=raced", 3), e => Data(e, "source") == "rollback");
        // The staged version was never put in place: this instance still serves what it served.
        Assert.Contains("ping", await RunAsync("raced"));
    }

    private async Task WaitUntilBlockedAsync(Task<HttpResponseMessage> rollback)
    {
        for (var waited = 0; ; waited += 100)
        {
            Assert.False(rollback.IsCompleted, "the rollback answered while the stream was held: " + (rollback.IsCompleted ? rollback.Result.StatusCode : 0));
            var waiting = await Sql.ScalarAsync(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and position(@schema in query) > 0", ("schema", mik.Schema));
            if (Convert.ToInt64(waiting, System.Globalization.CultureInfo.InvariantCulture) > 0) return;
            Assert.True(waited < 60_000, "the rollback never reached its append");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task DeployAsync(HttpClient admin, string name, byte[] wasm, HttpStatusCode expected) =>
        await JsonAsync(await admin.PutAsync($"/modules/{name}", new ByteArrayContent(wasm), Ct), expected);

    private async Task<string> RunAsync(string name)
    {
        using var runtime = mik.Runtime();
        using var response = await runtime.PostAsync($"/run/{name}/", new StringContent("ping"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static string? Desired(JsonElement module) => module.GetProperty("desired").GetProperty("sha256").GetString();

    private static int[] Versions(JsonElement module) => [.. module.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32())];

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
