using System.Net;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Modules;

/// <summary><c>GET /modules</c>, <c>GET /modules/{name}</c> and <c>GET /modules/{name}/history</c>.</summary>
public sealed class ModuleQueriesTests(MikFactory mik) : IClassFixture<MikFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_module_list_shows_what_is_served_with_its_deployment_circuit_and_caches()
    {
        mik.CopyGuest("echo", "from-disk");
        using var admin = mik.Admin();
        await JsonAsync(await admin.PutAsync("/modules/listed", new ByteArrayContent(MikFactory.Guest("hello")), Ct), HttpStatusCode.Created);

        // The dropped-in file is taken once it has settled (a few hundred ms).
        var list = await GetJsonAsync(admin, "/modules");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!list.EnumerateArray().Any(m => m.GetProperty("name").GetString() == "from-disk"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the watcher did not pick up the file");
            await Task.Delay(100, Ct);
            list = await GetJsonAsync(admin, "/modules");
        }
        var names = list.EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Contains("listed", names);
        Assert.Contains("from-disk", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        var listed = list.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "listed");
        Assert.Equal("closed", listed.GetProperty("breaker").GetString());
        Assert.True(listed.GetProperty("cache").GetProperty("memory").GetBoolean());
        Assert.True(listed.GetProperty("deployed_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));

        var one = await GetJsonAsync(admin, "/modules/listed");
        Assert.Equal(listed.GetProperty("sha256").GetString(), one.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task An_unknown_module_is_a_404_and_a_bad_name_a_400()
    {
        using var admin = mik.Admin();
        await ProblemAsync(await admin.GetAsync("/modules/nosuch", Ct), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.GetAsync("/modules/Bad.Name", Ct), HttpStatusCode.BadRequest, "name");
        await ProblemAsync(await admin.GetAsync("/modules/nosuch/history", Ct), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.GetAsync("/modules/Bad.Name/history", Ct), HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task The_history_lists_the_modules_events_newest_first_in_pages()
    {
        using var admin = mik.Admin();
        await JsonAsync(await admin.PutAsync("/modules/storied", new ByteArrayContent(MikFactory.Guest("hello")), Ct), HttpStatusCode.Created);
        await JsonAsync(await admin.PutAsync("/modules/storied", new ByteArrayContent(MikFactory.Guest("echo")), Ct), HttpStatusCode.OK);
        await JsonAsync(await admin.DeleteAsync("/modules/storied", Ct), HttpStatusCode.OK);

        // Pages of two, followed to the end: the module's own events, its compilations and memory-tier evictions.
        var types = new List<string>();
        var pages = 0;
        for (string? next = null; pages == 0 || next is not null; pages++)
        {
            var page = await GetJsonAsync(admin, "/modules/storied/history?limit=2" + (next is null ? "" : "&after=" + next));
            types.AddRange(Types(page.GetProperty("events").EnumerateArray()));
            next = page.GetProperty("next").GetString();
        }
        Assert.True(pages > 1);
        // This instance's own reports (module_activated) come through the audit queue, so they may land between these.
        Assert.Equal(["module_removed", "module_deployed", "module_deployed"],
            types.Where(t => t is "module_removed" or "module_deployed"));
        Assert.Equal(2, types.Count(t => t == "aot_compiled"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("after=yesterday", "after")]
    public async Task A_bad_history_parameter_is_a_400_naming_it(string query, string parameter)
    {
        using var admin = mik.Admin();
        await ProblemAsync(await admin.GetAsync("/modules/anything/history?" + query, Ct), HttpStatusCode.BadRequest, parameter);
    }
}
