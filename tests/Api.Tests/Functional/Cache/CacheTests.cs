using System.Net;
using Mik.Durable.Tests.Shared;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Cache;

/// <summary><c>GET /cache</c>, <c>POST /cache/clean</c>, <c>POST /cache/clear</c>.</summary>
public sealed class CacheTests(MikFactory mik) : IClassFixture<MikFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_cache_shows_the_memory_tier_and_every_artifact_with_its_state()
    {
        using var admin = mik.Admin();
        await DeployAsync(admin, "cached");
        File.Copy(Artifact("cached"), Artifact("orphan"), overwrite: true);

        var cache = await GetJsonAsync(admin, "/cache");
        var memory = cache.GetProperty("memory");
        Assert.True(memory.GetProperty("entries").GetInt32() >= 1);
        Assert.Equal(100, memory.GetProperty("max_entries").GetInt32());
        var aot = cache.GetProperty("aot");
        Assert.True(aot.GetProperty("enabled").GetBoolean());
        Assert.Equal("current", State(aot, "cached"));
        Assert.Equal("orphaned", State(aot, "orphan"));
        Assert.True(aot.GetProperty("stale_files").GetInt32() >= 1);
        File.Delete(Artifact("orphan"));
    }

    [Fact]
    public async Task Clean_removes_only_artifacts_this_build_cannot_use_and_is_recorded()
    {
        using var admin = mik.Admin();
        await DeployAsync(admin, "kept");
        await File.WriteAllTextAsync(Artifact("junk"), "not an artifact", Ct);

        var cleaned = await JsonAsync(await admin.PostAsync("/cache/clean", null, Ct), HttpStatusCode.OK);
        Assert.Equal("stale", cleaned.GetProperty("scope").GetString());
        var removed = cleaned.GetProperty("removed").EnumerateArray().ToList();
        Assert.Contains(removed, r => r.GetProperty("module").GetString() == "junk" && r.GetProperty("state").GetString() == "corrupt");
        Assert.DoesNotContain(removed, r => r.GetProperty("module").GetString() == "kept");
        Assert.False(File.Exists(Artifact("junk")));
        Assert.True(File.Exists(Artifact("kept")));

        var e = (await EventsAsync(admin, "type=CacheCleared", where: e => Data(e, "scope") == "stale"))[0];
        Assert.Equal("api@127.0.0.1", Data(e, "actor"));
        Assert.Equal(cleaned.GetProperty("files").GetInt32(), e.GetProperty("data").GetProperty("files").GetInt32());
    }

    [Fact]
    public async Task A_forged_artifact_with_a_valid_checksum_is_listed_as_corrupt_and_clean_removes_it()
    {
        using var admin = mik.Admin();
        await DeployAsync(admin, "forged");
        ArtifactForgery.Forge(Artifact("forged"), "Hello from mik", "Forged payload");

        Assert.Equal("corrupt", State((await GetJsonAsync(admin, "/cache")).GetProperty("aot"), "forged"));
        Assert.Equal("corrupt", (await GetJsonAsync(admin, "/modules/forged")).GetProperty("cache").GetProperty("aot").GetString());
        var cleaned = await JsonAsync(await admin.PostAsync("/cache/clean", null, Ct), HttpStatusCode.OK);
        Assert.Contains(cleaned.GetProperty("removed").EnumerateArray(),
            r => r.GetProperty("module").GetString() == "forged" && r.GetProperty("state").GetString() == "corrupt");
        Assert.False(File.Exists(Artifact("forged")));
    }

    [Fact]
    public async Task Clear_removes_every_artifact_then_compiles_what_is_served_again()
    {
        using var admin = mik.Admin();
        using var runtime = mik.Runtime();
        await DeployAsync(admin, "fresh");
        var before = File.GetLastWriteTimeUtc(Artifact("fresh"));

        var cleared = await JsonAsync(await admin.PostAsync("/cache/clear", null, Ct), HttpStatusCode.OK);
        Assert.Equal("all", cleared.GetProperty("scope").GetString());
        Assert.Contains(cleared.GetProperty("removed").EnumerateArray(), r => r.GetProperty("module").GetString() == "fresh");
        Assert.True(cleared.GetProperty("reloaded").GetInt32() >= 1);
        // Compiled again before the answer: a fresh artifact is there, and the next request finds the module in memory.
        Assert.True(File.GetLastWriteTimeUtc(Artifact("fresh")) > before);
        Assert.Equal("current", State((await GetJsonAsync(admin, "/cache")).GetProperty("aot"), "fresh"));
        Assert.Equal(HttpStatusCode.OK, (await runtime.GetAsync("/run/fresh/", Ct)).StatusCode);
        Assert.NotEmpty(await EventsAsync(admin, "type=CacheCleared", where: e => Data(e, "scope") == "all"));
    }

    private async Task DeployAsync(HttpClient admin, string name)
    {
        using var response = await admin.PutAsync($"/modules/{name}", new ByteArrayContent(MikFactory.Guest("hello")), Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private string Artifact(string module) => Path.Combine(mik.ModulesDir, module + ".wasm.aot");

    private static string? State(System.Text.Json.JsonElement aot, string module) =>
        aot.GetProperty("artifacts").EnumerateArray().FirstOrDefault(a => a.GetProperty("module").GetString() == module) is { ValueKind: not System.Text.Json.JsonValueKind.Undefined } a
            ? a.GetProperty("state").GetString()
            : null;
}
