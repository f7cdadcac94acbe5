using System.Net;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Modules;

/// <summary>A mik whose modules folder is the desired state (today's behaviour): no versions are kept.</summary>
public sealed class FolderSourceMik() : MikFactory("[cluster]\nmodule_source = \"folder\"");

public sealed class RollbackInFolderModeTests(FolderSourceMik mik) : IClassFixture<FolderSourceMik>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rollback_is_a_409_saying_it_needs_the_store_and_the_module_has_no_cluster_view()
    {
        using var admin = mik.Admin();
        await JsonAsync(await admin.PutAsync("/modules/local", new ByteArrayContent(MikFactory.Guest("hello")), Ct), HttpStatusCode.Created);
        await JsonAsync(await admin.PutAsync("/modules/local", new ByteArrayContent(MikFactory.Guest("echo")), Ct), HttpStatusCode.OK);

        var problem = await ProblemAsync(await admin.PostAsync("/modules/local/rollback?to=1", null, Ct), HttpStatusCode.Conflict);
        Assert.Equal("rollback_needs_store", problem.GetProperty("error").GetString());
        Assert.Contains("rollback needs the store", problem.GetProperty("detail").GetString());

        var module = await GetJsonAsync(admin, "/modules/local");
        Assert.Equal("api", module.GetProperty("source").GetString());
        foreach (var field in new[] { "desired", "versions", "instances", "split" })
            Assert.Equal(System.Text.Json.JsonValueKind.Null, module.GetProperty(field).ValueKind);
    }
}
