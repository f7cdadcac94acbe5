using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;
using Mik.Durable.Tests.Shared;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// A component's AOT artifact follows the rules of a module's (docs/runtime.md, Caches and Trust model): written at
/// the first load, loaded from tier aot after a restart, refused and rewritten when it is not this installation's.
/// </summary>
public sealed class ComponentAotTests
{
    private const string ApiKey = "e2e-component-aot-key";
    private const string Body = "Hello from a component";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_restart_a_component_comes_from_its_AOT_artifact_and_the_cache_lists_it_current()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = ApiKey;
        var aot = sandbox.AddModule("components/hello-http", "hello-http") + ".aot";

        var cold = Loaded(await RunOnceAsync(sandbox));
        Assert.Equal("compiled", cold.GetProperty("tier").GetString());
        Assert.True(File.Exists(aot));

        string cache = "";
        var warm = Loaded(await RunOnceAsync(sandbox, async mik => cache = await mik.Admin.GetStringAsync("/cache", Ct)));
        Assert.Equal("aot", warm.GetProperty("tier").GetString());
        Assert.Equal(0, warm.GetProperty("compile_ms").GetDouble());
        Assert.Equal("current", ArtifactState(cache, "hello-http"));
    }

    [Fact]
    public async Task A_forged_component_artifact_is_refused_as_corrupt_and_the_component_is_compiled_again()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = ApiKey;
        var aot = sandbox.AddModule("components/hello-http", "hello-http") + ".aot";
        await RunOnceAsync(sandbox);
        ArtifactForgery.Forge(aot, Body, "Forged by someone else");

        string cache = "";
        var logs = await RunOnceAsync(sandbox, async mik => cache = await mik.Admin.GetStringAsync("/cache", Ct));
        var invalidated = Assert.Single(logs, l => l.Is("message", "aot_invalidated") && l.Is("module", "hello-http"));
        Assert.Equal("corrupt", invalidated.GetProperty("reason").GetString());
        Assert.Contains("not written by this installation", invalidated.GetProperty("detail").GetString());
        Assert.Equal("compiled", Loaded(logs).GetProperty("tier").GetString());
        Assert.Equal("current", ArtifactState(cache, "hello-http"));
    }

    [Fact]
    public async Task With_mik_stopped_cache_warm_compiles_the_component_cache_list_calls_it_current_and_the_next_serve_loads_it_from_aot()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = ApiKey;
        sandbox.AddModule("components/hello-http", "hello-http");

        var warmed = Assert.Single((await CliAsync(sandbox, "cache", "warm")).Ok().JsonLines);
        Assert.Equal(("hello-http", "compiled"), (warmed.GetProperty("module").GetString(), warmed.GetProperty("result").GetString()));
        var listed = Assert.Single((await CliAsync(sandbox, "cache", "list")).Ok().JsonLines);
        Assert.Equal(("hello-http", "current"), (listed.GetProperty("module").GetString(), listed.GetProperty("state").GetString()));

        Assert.Equal("aot", Loaded(await RunOnceAsync(sandbox)).GetProperty("tier").GetString());
    }

    private static Task<AdminCliResult> CliAsync(MikSandbox sandbox, params string[] args) =>
        AdminCli.RunAsync(ApiKey, sandbox.Directory, [.. args, "--config", sandbox.ConfigPath]);

    // One run: the component answers with its own body (never a forged one), then mik stops cleanly.
    private static async Task<List<JsonElement>> RunOnceAsync(MikSandbox sandbox, Func<MikProcess, Task>? whileRunning = null)
    {
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        using (var response = await mik.Runtime.GetAsync("/run/hello-http/", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Body + "\n", await response.Content.ReadAsStringAsync(Ct));
        }
        if (whileRunning is not null) await whileRunning(mik);
        mik.Signal(MikProcess.Sigterm);
        Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return LogLines.Parse(mik.StdoutLines);
    }

    private static JsonElement Loaded(List<JsonElement> logs) =>
        Assert.Single(logs, l => l.Is("message", "module_loaded") && l.Is("module", "hello-http"));

    private static string? ArtifactState(string cache, string module)
    {
        using var json = JsonDocument.Parse(cache);
        return json.RootElement.GetProperty("aot").GetProperty("artifacts").EnumerateArray()
            .Where(a => a.GetProperty("module").GetString() == module)
            .Select(a => a.GetProperty("state").GetString())
            .SingleOrDefault();
    }
}
