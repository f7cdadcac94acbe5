using System.Net;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional;

/// <summary><c>/health</c>, <c>/metrics</c>, <c>/instances</c>, <c>/config</c>, <c>/circuits</c> and <c>/audit</c> through the real entry point.</summary>
public sealed class AdminRoutesTests(MikFactory mik) : IClassFixture<MikFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_and_metrics_need_no_key()
    {
        await mik.ReadyAsync();
        using var anonymous = mik.Admin(key: "");
        Assert.Equal("ready", (await GetJsonAsync(anonymous, "/health")).GetProperty("status").GetString());
        using var metrics = await anonymous.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("mik_requests_total", await metrics.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Instances_lists_this_instance_as_running()
    {
        using var admin = mik.Admin();
        // The instance list is a projection of the audit trail, caught up asynchronously.
        var instances = await GetJsonAsync(admin, "/instances");
        for (var waited = 0; !IsRunningWithPid(instances) && waited < 20_000; waited += 200)
        {
            await Task.Delay(200, Ct);
            instances = await GetJsonAsync(admin, "/instances");
        }
        var me = Assert.Single(instances.EnumerateArray());
        Assert.Equal("running", me.GetProperty("status").GetString());
        Assert.Equal(Environment.ProcessId, me.GetProperty("pid").GetInt32());
    }

    private static bool IsRunningWithPid(System.Text.Json.JsonElement instances) =>
        instances.GetArrayLength() == 1 && instances[0].GetProperty("pid").ValueKind == System.Text.Json.JsonValueKind.Number;

    [Fact]
    public async Task Config_is_the_effective_configuration_without_the_key()
    {
        using var admin = mik.Admin();
        using var response = await admin.GetAsync("/config", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"\"port\":{mik.AdminPort}", body.Replace(" ", ""));
        Assert.DoesNotContain(MikFactory.ApiKey, body);
    }

    [Fact]
    public async Task Circuits_are_listed_and_reset_by_hand()
    {
        using var admin = mik.Admin();
        await JsonAsync(await admin.PutAsync("/modules/fuse", new ByteArrayContent(MikFactory.Guest("trap")), Ct), HttpStatusCode.Created);
        using var runtime = mik.Runtime();
        for (var i = 0; i < 5; i++) await runtime.GetAsync("/run/fuse/", Ct);
        var open = (await GetJsonAsync(admin, "/circuits")).EnumerateArray().Single(c => c.GetProperty("module").GetString() == "fuse");
        Assert.Equal("open", open.GetProperty("state").GetString());

        var reset = await JsonAsync(await admin.PostAsync("/circuits/fuse/reset", null, Ct), HttpStatusCode.OK);
        Assert.Equal("closed", reset.GetProperty("state").GetString());
        var e = Assert.Single(await EventsAsync(admin, "type=CircuitReset&module=fuse"));
        Assert.Equal("api@127.0.0.1", Data(e, "actor"));
        await ProblemAsync(await admin.PostAsync("/circuits/Bad.Name/reset", null, Ct), HttpStatusCode.BadRequest, "module");
        await ProblemAsync(await admin.PostAsync("/circuits/nosuch/reset", null, Ct), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("type=Nope", "type")]
    [InlineData("module=../etc", "module")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2026-13-01T00:00:00Z", "until")]
    [InlineData("since=99999999d", "since")]
    [InlineData("until=99999999d", "until")]
    [InlineData("until=9999999999d", "until")]
    [InlineData("since=9999999999s", "since")]
    [InlineData("until=3651d", "until")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=5000", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("after=xyz", "after")]
    public async Task A_bad_audit_filter_is_a_400_naming_it(string query, string parameter)
    {
        using var admin = mik.Admin();
        await ProblemAsync(await admin.GetAsync("/audit?" + query, Ct), HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task Audit_filters_by_type_and_time_newest_first()
    {
        using var admin = mik.Admin();
        var started = await EventsAsync(admin, "type=InstanceStarted&since=1h");
        Assert.NotEmpty(started);
        Assert.Empty((await GetJsonAsync(admin, "/audit?type=InstanceStarted&until=2000-01-01T00:00:00Z")).GetProperty("events").EnumerateArray());
    }
}
