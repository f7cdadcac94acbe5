using System.Net;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Modules;

public sealed class RemoveModuleTests(MikFactory mik) : IClassFixture<MikFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_removed_module_is_recorded_deleted_and_no_longer_served()
    {
        using var admin = mik.Admin();
        using var runtime = mik.Runtime();
        await JsonAsync(await admin.PutAsync("/modules/doomed", new ByteArrayContent(MikFactory.Guest("hello")), Ct), HttpStatusCode.Created);

        var removed = await JsonAsync(await admin.DeleteAsync("/modules/doomed?reason=retired", Ct), HttpStatusCode.OK);
        Assert.True(removed.GetProperty("removed").GetBoolean());
        Assert.False(File.Exists(Path.Combine(mik.ModulesDir, "doomed.wasm")));
        Assert.False(File.Exists(Path.Combine(mik.ModulesDir, "doomed.wasm.aot")));
        Assert.Equal(HttpStatusCode.NotFound, (await runtime.GetAsync("/run/doomed/", Ct)).StatusCode);

        var e = Assert.Single(await EventsAsync(admin, "type=ModuleRemoved&module=doomed"));
        Assert.Equal(("api@127.0.0.1", "retired"), (Data(e, "actor"), Data(e, "reason")));
        // The watcher sees the file go too; it must not record a removal of its own.
        await Task.Delay(1500, Ct);
        Assert.Single(await EventsAsync(admin, "type=ModuleRemoved&module=doomed"));
        await ProblemAsync(await admin.DeleteAsync("/modules/doomed", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_module_deployed_as_a_file_can_be_removed_through_the_api()
    {
        mik.CopyGuest("hello", "dropped-in");
        using var admin = mik.Admin();
        for (var waited = 0; (await admin.GetAsync("/modules/dropped-in", Ct)).StatusCode != HttpStatusCode.OK; waited += 100)
        {
            Assert.True(waited < 20_000, "the watcher did not pick up the file");
            await Task.Delay(100, Ct);
        }
        await JsonAsync(await admin.DeleteAsync("/modules/dropped-in", Ct), HttpStatusCode.OK);
        Assert.False(File.Exists(Path.Combine(mik.ModulesDir, "dropped-in.wasm")));
        Assert.Single(await EventsAsync(admin, "type=ModuleRemoved&module=dropped-in"));
    }

    [Fact]
    public async Task A_bad_name_or_reason_is_a_400_and_an_unknown_module_a_404()
    {
        using var admin = mik.Admin();
        await ProblemAsync(await admin.DeleteAsync("/modules/Bad.Name", Ct), HttpStatusCode.BadRequest, "name");
        await ProblemAsync(await admin.DeleteAsync("/modules/x?reason=" + new string('r', 201), Ct), HttpStatusCode.BadRequest, "reason");
        await ProblemAsync(await admin.DeleteAsync("/modules/never-deployed", Ct), HttpStatusCode.NotFound);
    }
}
