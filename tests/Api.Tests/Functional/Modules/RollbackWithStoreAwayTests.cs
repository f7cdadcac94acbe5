using System.Net;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Modules;

/// <summary>PostgreSQL away: a rollback changes nothing, the module is shown as this instance serves it.</summary>
public sealed class RollbackWithStoreAwayTests(StoreAwayMik mik) : IClassFixture<StoreAwayMik>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rollback_is_a_503_and_the_module_shows_its_local_view_with_the_cluster_fields_null()
    {
        mik.CopyGuest("hello", "kept-local");
        using var admin = mik.Admin();
        using var runtime = mik.Runtime();
        Assert.Equal(HttpStatusCode.OK, (await runtime.GetAsync("/run/kept-local/", Ct)).StatusCode);

        var problem = await ProblemAsync(await admin.PostAsync("/modules/kept-local/rollback", null, Ct), HttpStatusCode.ServiceUnavailable);
        Assert.Equal("event_store_unavailable", problem.GetProperty("error").GetString());

        var module = await GetJsonAsync(admin, "/modules/kept-local");
        Assert.Equal(64, module.GetProperty("sha256").GetString()!.Length);
        foreach (var field in new[] { "desired", "versions", "instances", "split" })
            Assert.Equal(System.Text.Json.JsonValueKind.Null, module.GetProperty(field).ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await runtime.GetAsync("/run/kept-local/", Ct)).StatusCode);
    }
}
