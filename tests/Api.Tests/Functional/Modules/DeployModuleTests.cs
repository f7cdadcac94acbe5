using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Modules;

/// <summary>Uploads are capped at 1 MiB here, so the size check can be shown with a small body.</summary>
public sealed class SmallUploadsMik() : MikFactory("max_module_mb = 1");

public sealed class DeployModuleTests(SmallUploadsMik mik) : IClassFixture<SmallUploadsMik>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deployed_module_is_served_at_once_and_its_deployment_is_recorded()
    {
        using var admin = mik.Admin();
        using var runtime = mik.Runtime();
        var wasm = MikFactory.Guest("hello");

        using var response = await admin.PutAsync("/modules/greet", new ByteArrayContent(wasm), Ct);
        var body = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("/modules/greet", response.Headers.Location?.OriginalString);
        Assert.True(body.GetProperty("changed").GetBoolean());
        var module = body.GetProperty("module");
        Assert.Equal(Sha256(wasm), module.GetProperty("sha256").GetString());
        Assert.Equal(wasm.Length, module.GetProperty("size_bytes").GetInt64());
        Assert.Equal("api@127.0.0.1", module.GetProperty("deployed_by").GetString());
        Assert.Equal("api", module.GetProperty("source").GetString());
        Assert.Equal("current", module.GetProperty("cache").GetProperty("aot").GetString());

        // The first request after the answer already runs it: no waiting for the folder watcher.
        using var run = await runtime.GetAsync("/run/greet/", Ct);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(wasm, await File.ReadAllBytesAsync(Path.Combine(mik.ModulesDir, "greet.wasm"), Ct));
        Assert.True(File.Exists(Path.Combine(mik.ModulesDir, "greet.wasm.aot")));

        var deployed = Assert.Single(await EventsAsync(admin, "type=ModuleDeployed&module=greet"));
        var data = deployed.GetProperty("data");
        Assert.Equal(("api@127.0.0.1", "api", Sha256(wasm)),
            (data.GetProperty("actor").GetString(), data.GetProperty("source").GetString(), data.GetProperty("sha256").GetString()));
        // The watcher sees the new file too (it settles in 300 ms); it must not record it as a deployment of its own.
        await Task.Delay(1500, Ct);
        Assert.Single(await EventsAsync(admin, "type=ModuleDeployed&module=greet"));
    }

    [Fact]
    public async Task New_bytes_replace_the_module_and_the_same_bytes_again_are_no_new_version()
    {
        using var admin = mik.Admin();
        using var runtime = mik.Runtime();
        await JsonAsync(await admin.PutAsync("/modules/swap", new ByteArrayContent(MikFactory.Guest("hello")), Ct), HttpStatusCode.Created);

        var echo = MikFactory.Guest("echo");
        var replaced = await JsonAsync(await admin.PutAsync("/modules/swap", new ByteArrayContent(echo), Ct), HttpStatusCode.OK);
        Assert.True(replaced.GetProperty("changed").GetBoolean());
        var again = await JsonAsync(await admin.PutAsync("/modules/swap", new ByteArrayContent(echo), Ct), HttpStatusCode.OK);
        Assert.False(again.GetProperty("changed").GetBoolean());
        Assert.Equal(replaced.GetProperty("version").GetInt64(), again.GetProperty("version").GetInt64());

        using var run = await runtime.PostAsync("/run/swap/", new StringContent("ping"), Ct);
        Assert.Contains("ping", await run.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, (await EventsAsync(admin, "type=ModuleDeployed&module=swap", 2)).Length);
    }

    public static TheoryData<string, byte[], HttpStatusCode, string?, string> Refusals => new()
    {
        { "junk", "this is not WebAssembly"u8.ToArray(), HttpStatusCode.UnprocessableEntity, null, "not a WebAssembly module" },
        { "broken", [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff], HttpStatusCode.UnprocessableEntity, null, "does not compile" },
        { "nostart", MikFactory.Guest("nostart"), HttpStatusCode.UnprocessableEntity, null, "cannot run" },
        // Found by the upload fuzz target (fuzz/corpus/upload/exnref-import.wasm): an import returning exnref used to abort mik.
        { "exnref", Convert.FromHexString("0061736d01000000010c0260047f7f7f7f01696000000223011677617369686868686868686f740070726576696577310866645f7772697465000003030201010503010001071d03066d656d6f72790200067b73746172740001075f726f7574657300020a3a021b00410041403602004104412c360001410141004101410810001a0b1c0041004180023602004104411c360200410141004101410810001a0b0b540200413e0b2c436f6e74656e742d547970654620746578742f706c61696e0a0a68656c6c6f2066726f6d205f73746172740a004180020b1c2f68656c566f205f73746172740a2f6f74686572205f73746172740a"),
            HttpStatusCode.UnprocessableEntity, null, "reference types mik cannot run" },
        { "empty", [], HttpStatusCode.BadRequest, "body", "empty" },
        { "huge", new byte[1024 * 1024 + 1], HttpStatusCode.BadRequest, "body", "largest module" },
        { "Bad.Name", MikFactory.Guest("hello"), HttpStatusCode.BadRequest, "name", "module name" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_upload_is_a_problem_with_the_reason_writes_nothing_and_is_recorded(
        string name, byte[] upload, HttpStatusCode status, string? parameter, string reason)
    {
        using var admin = mik.Admin();
        using var runtime = mik.Runtime();
        var served = name == "Bad.Name" ? null : MikFactory.Guest("hello");
        if (served is not null) await JsonAsync(await admin.PutAsync($"/modules/{name}", new ByteArrayContent(served), Ct), HttpStatusCode.Created);

        var problem = await ProblemAsync(await admin.PutAsync($"/modules/{name}", new ByteArrayContent(upload), Ct), status, parameter);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        // Nothing written: no temporary leftovers, and the version served before is still the one on disk and served.
        Assert.DoesNotContain(Directory.GetFiles(mik.ModulesDir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        if (served is null)
        {
            Assert.False(File.Exists(Path.Combine(mik.ModulesDir, name + ".wasm")));
        }
        else
        {
            Assert.Equal(served, await File.ReadAllBytesAsync(Path.Combine(mik.ModulesDir, name + ".wasm"), Ct));
            Assert.Equal(HttpStatusCode.OK, (await runtime.GetAsync($"/run/{name}/", Ct)).StatusCode);
        }

        var rejected = await EventsAsync(admin, "type=ModuleRejected&limit=1000", where: e => Data(e, "module") == name);
        var data = Assert.Single(rejected).GetProperty("data");
        Assert.Contains(reason, data.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("api@127.0.0.1", data.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task A_name_that_is_not_a_module_name_never_becomes_a_stream_key()
    {
        using var admin = mik.Admin();
        var actor = "api@127.0.0.1";

        await ProblemAsync(await admin.PutAsync("/modules/a%0Ab", new ByteArrayContent(MikFactory.Guest("hello")), Ct), HttpStatusCode.BadRequest, "name");

        var rejected = await EventsAsync(admin, "type=ModuleRejected&limit=1000", where: e => Data(e, "module") == "a\\nb");
        var recorded = Assert.Single(rejected);
        Assert.Equal("module:_rejected", recorded.GetProperty("stream").GetString());
        Assert.Equal(actor, Data(recorded, "actor"));
        Assert.DoesNotContain(await EventsAsync(admin, "type=ModuleRejected&limit=1000", 0),
            e => e.GetProperty("stream").GetString()!.Contains('\n'));
    }

    [Fact]
    public async Task A_valid_name_refused_for_its_bytes_stays_on_its_module_stream()
    {
        using var admin = mik.Admin();

        await ProblemAsync(await admin.PutAsync("/modules/not-wasm", new ByteArrayContent("nope"u8.ToArray()), Ct), HttpStatusCode.UnprocessableEntity, null);

        var recorded = Assert.Single(await EventsAsync(admin, "type=ModuleRejected&limit=1000", where: e => Data(e, "module") == "not-wasm"));
        Assert.Equal("module:not-wasm", recorded.GetProperty("stream").GetString());
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
