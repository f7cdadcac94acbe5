using System.Net;
using Mik.Durable.Api.Tests.Support;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Modules;

/// <summary>A mik whose PostgreSQL does not answer: admin actions that must be recorded change nothing.</summary>
public sealed class StoreAwayMik() : MikFactory("", $"Host=127.0.0.1;Port={FreePort.Next()};Username=x;Password=y;Timeout=1");

public sealed class StoreAwayTests(StoreAwayMik mik) : IClassFixture<StoreAwayMik>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deploy_remove_and_cache_clear_are_503_and_leave_the_modules_folder_as_it_was()
    {
        mik.CopyGuest("hello", "present");
        using var admin = mik.Admin();
        using var runtime = mik.Runtime();
        Assert.Equal(HttpStatusCode.OK, (await runtime.GetAsync("/run/present/", Ct)).StatusCode);
        var before = Snapshot();

        var problem = await ProblemAsync(await admin.PutAsync("/modules/newcomer", new ByteArrayContent(MikFactory.Guest("echo")), Ct),
            HttpStatusCode.ServiceUnavailable);
        Assert.Equal("event_store_unavailable", problem.GetProperty("error").GetString());
        await ProblemAsync(await admin.DeleteAsync("/modules/present", Ct), HttpStatusCode.ServiceUnavailable);
        await ProblemAsync(await admin.PostAsync("/cache/clear", null, Ct), HttpStatusCode.ServiceUnavailable);

        Assert.Equal(before, Snapshot());
        Assert.Equal(HttpStatusCode.OK, (await runtime.GetAsync("/run/present/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await runtime.GetAsync("/run/newcomer/", Ct)).StatusCode);
        // What this instance serves is known without the store.
        var listed = Assert.Single((await GetJsonAsync(admin, "/modules")).EnumerateArray());
        Assert.Equal("present", listed.GetProperty("name").GetString());
    }

    private List<(string Name, long Bytes, DateTime Written)> Snapshot() =>
        [.. new DirectoryInfo(mik.ModulesDir).GetFiles().OrderBy(f => f.Name).Select(f => (f.Name, f.Length, f.LastWriteTimeUtc))];
}
