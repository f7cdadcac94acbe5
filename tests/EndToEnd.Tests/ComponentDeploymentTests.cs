using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// A component deployed over the admin API on the published binary: staged, compiled with its AOT artifact, audited
/// and served like a module; one that imports what mik does not provide is refused (docs/operations.md).
/// </summary>
public sealed class ComponentDeploymentTests
{
    private const string ApiKey = "e2e-component-deploy-key";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Guest(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", name + ".wasm"));

    [Fact]
    public async Task A_component_put_over_the_api_is_served_at_once_shown_as_a_component_and_one_with_foreign_imports_is_refused()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = ApiKey;
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", ApiKey);

        using (var deployed = await mik.Admin.PutAsync("/modules/greet", new ByteArrayContent(Guest("hello-http")), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
            using var body = JsonDocument.Parse(await deployed.Content.ReadAsStringAsync(Ct));
            Assert.Equal("component", body.RootElement.GetProperty("module").GetProperty("kind").GetString());
        }
        using (var run = await mik.Runtime.GetAsync("/run/greet/", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
            Assert.Equal("Hello from a component\n", await run.Content.ReadAsStringAsync(Ct));
        }
        using (var shown = JsonDocument.Parse(await mik.Admin.GetStringAsync("/modules/greet", Ct)))
        {
            Assert.Equal("component", shown.RootElement.GetProperty("kind").GetString());
            Assert.Equal("current", shown.RootElement.GetProperty("cache").GetProperty("aot").GetString());
        }

        using (var refused = await mik.Admin.PutAsync("/modules/foreign", new ByteArrayContent(Guest("foreign-imports")), Ct))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var detail = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Contains("wasi:sockets/network@0.2.0", detail);
            Assert.Contains("example:unprovided/thing@0.1.0", detail);
        }
        Assert.Equal(["greet.wasm", "greet.wasm.aot"], Directory.GetFiles(sandbox.ModulesDirectory).Select(Path.GetFileName).Order());

        var types = await AuditTypesAsync(mik, ["module_deployed", "module_rejected", "aot_compiled"]);
        Assert.Equal(["aot_compiled", "module_deployed", "module_rejected"], types.Order());
    }

    /// <summary>The audit events of the wanted types, once the trail has them all.</summary>
    private static async Task<List<string>> AuditTypesAsync(MikProcess mik, string[] wanted)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var audit = JsonDocument.Parse(await mik.Admin.GetStringAsync("/audit?type=ModuleDeployed,ModuleRejected,AotCompiled", Ct));
            var types = audit.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();
            if (wanted.All(types.Contains) || DateTime.UtcNow > until) return types;
            await Task.Delay(200, Ct);
        }
    }
}
