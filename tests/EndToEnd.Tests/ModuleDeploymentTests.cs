using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>Deploying over the admin API on the published binary, and what a restart makes of it.</summary>
public sealed class ModuleDeploymentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_module_deployed_over_the_api_is_served_at_once_and_still_after_a_restart_without_a_second_deployment()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = "e2e-deploy-key";
        await using (var mik = MikProcess.Start(sandbox))
        {
            await mik.WaitReadyAsync();
            mik.Admin.DefaultRequestHeaders.Add("X-API-Key", "e2e-deploy-key");

            using var deployed = await mik.Admin.PutAsync("/modules/greet",
                new ByteArrayContent(await File.ReadAllBytesAsync(MikSandbox.GuestPath("hello"), Ct)), Ct);
            Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await mik.Runtime.GetAsync("/run/greet/", Ct)).StatusCode);

            using var garbage = await mik.Admin.PutAsync("/modules/junk", new ByteArrayContent("no wasm here"u8.ToArray()), Ct);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, garbage.StatusCode);
            Assert.Equal(["greet.wasm", "greet.wasm.aot"], Directory.GetFiles(sandbox.ModulesDirectory).Select(Path.GetFileName).Order());

            mik.Signal(MikProcess.Sigterm);
            Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        await using (var again = MikProcess.Start(sandbox))
        {
            await again.WaitReadyAsync();
            again.Admin.DefaultRequestHeaders.Add("X-API-Key", "e2e-deploy-key");
            Assert.Equal(HttpStatusCode.OK, (await again.Runtime.GetAsync("/run/greet/", Ct)).StatusCode);
            // The restart finds the file it was told about: no filesystem deployment is recorded for it.
            await Task.Delay(1000, Ct);
            using var audit = JsonDocument.Parse(await again.Admin.GetStringAsync("/audit?type=ModuleDeployed,ModuleRejected", Ct));
            var events = audit.RootElement.GetProperty("events").EnumerateArray()
                .Select(e => (Type: e.GetProperty("type").GetString(), Source: e.GetProperty("data").TryGetProperty("source", out var s) ? s.GetString() : null))
                .ToList();
            Assert.Equal([("module_rejected", null), ("module_deployed", "api")], events);
        }
    }
}
