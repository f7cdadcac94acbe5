using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;
using Mik.Durable.Tests.Shared;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// An artifact changed by someone who can write the modules folder but not the state dir (docs/runtime.md, Trust
/// model): mik never deserializes it, whatever its checksum says.
/// </summary>
public sealed class AotForgeryTests
{
    private const string ApiKey = "e2e-aot-forgery-key";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_forged_artifact_with_a_valid_checksum_is_refused_as_corrupt_and_the_module_is_compiled_again_from_its_wasm()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = ApiKey;
        var aot = sandbox.AddModule("hello") + ".aot";

        await using (var first = await StartAsync(sandbox))
        {
            Assert.Equal("Hello from mik\n", await first.Runtime.GetStringAsync("/run/hello", Ct));
            ArtifactForgery.Forge(aot, "Hello from mik", "Forged payload");
            // Already while mik runs, the cache listing calls it what it is, and `cache clean` would remove it.
            Assert.Equal("corrupt", ArtifactState(await first.Admin.GetStringAsync("/cache", Ct), "hello"));
            await StopAsync(first);
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(sandbox.StateDirectory, "aot.key")));
        Assert.Equal(["hello.wasm", "hello.wasm.aot"], Directory.GetFiles(sandbox.ModulesDirectory).Select(Path.GetFileName).Order());

        await using var second = await StartAsync(sandbox);
        using (var response = await second.Runtime.GetAsync("/run/hello", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Hello from mik\n", await response.Content.ReadAsStringAsync(Ct));
        }
        var logs = await LogLines.WaitAsync(second, l => l.Any(IsHelloLoaded), "module_loaded");
        var invalidated = Assert.Single(logs, l => l.Is("message", "aot_invalidated") && l.Is("module", "hello"));
        Assert.Equal("corrupt", invalidated.GetProperty("reason").GetString());
        Assert.Contains("not written by this installation", invalidated.GetProperty("detail").GetString());
        Assert.Equal("compiled", Assert.Single(logs, IsHelloLoaded).GetProperty("tier").GetString());
        Assert.Equal("corrupt", await RecordedReasonAsync(second));
        Assert.Equal("current", ArtifactState(await second.Admin.GetStringAsync("/cache", Ct), "hello"));
        await StopAsync(second);
    }

    private static bool IsHelloLoaded(JsonElement line) => line.Is("message", "module_loaded") && line.Is("module", "hello");

    private static async Task<MikProcess> StartAsync(MikSandbox sandbox)
    {
        var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return mik;
    }

    private static async Task StopAsync(MikProcess mik)
    {
        mik.Signal(MikProcess.Sigterm);
        Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static string? ArtifactState(string cache, string module)
    {
        using var json = JsonDocument.Parse(cache);
        return json.RootElement.GetProperty("aot").GetProperty("artifacts").EnumerateArray()
            .Where(a => a.GetProperty("module").GetString() == module)
            .Select(a => a.GetProperty("state").GetString())
            .SingleOrDefault();
    }

    /// <summary>The reason of the <c>AotInvalidated</c> event, once the audit trail has it.</summary>
    private static async Task<string?> RecordedReasonAsync(MikProcess mik)
    {
        for (var waited = 0; waited < 30_000; waited += 200)
        {
            using var audit = JsonDocument.Parse(await mik.Admin.GetStringAsync("/audit?type=AotInvalidated", Ct));
            if (audit.RootElement.GetProperty("events").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } e)
                return e.GetProperty("data").GetProperty("reason").GetString();
            await Task.Delay(200, Ct);
        }
        return null;
    }
}
