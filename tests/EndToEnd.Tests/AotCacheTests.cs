using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>The AOT cache across restarts (docs/runtime.md), with the 1 MB guest.</summary>
public sealed class AotCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<JsonElement>> RunOnceAsync(MikSandbox sandbox, Func<MikProcess, Task>? whileRunning = null)
    {
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        using (var response = await mik.Runtime.GetAsync("/run/big?fn=7&x=42", Ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("big: fn=7 x=42 result=0xe55088d0\n", await response.Content.ReadAsStringAsync(Ct));
        }
        if (whileRunning is not null) await whileRunning(mik);
        mik.Signal(MikProcess.Sigterm);
        Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return LogLines.Parse(mik.StdoutLines);
    }

    private static JsonElement BigLoaded(List<JsonElement> logs) =>
        Assert.Single(logs, l => l.Is("message", "module_loaded") && l.Is("module", "big"));

    [Fact]
    public async Task After_a_restart_the_1MB_module_comes_from_the_AOT_cache_and_no_request_compiles()
    {
        using var sandbox = new MikSandbox();
        var wasm = sandbox.AddModule("big");
        Assert.InRange(new FileInfo(wasm).Length, 800_000, 2_000_000);

        var cold = BigLoaded(await RunOnceAsync(sandbox));
        Assert.Equal("compiled", cold.GetProperty("tier").GetString());
        Assert.True(File.Exists(wasm + ".aot"));

        string metrics = "";
        var warm = BigLoaded(await RunOnceAsync(sandbox, async mik => metrics = await mik.Runtime.GetStringAsync("/metrics", Ct)));
        Assert.Equal("aot", warm.GetProperty("tier").GetString());
        Assert.Equal(0, warm.GetProperty("compile_ms").GetDouble());
        Assert.Contains("mik_cache_hits_total{tier=\"aot\"} 1", metrics);
        Assert.Contains("mik_cache_misses_total 0", metrics);
        Assert.Contains("mik_cache_hits_total{tier=\"memory\"} 1", metrics);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("bit-flipped")]
    public async Task A_damaged_artifact_is_detected_recompiled_and_the_request_succeeds(string damage)
    {
        using var sandbox = new MikSandbox();
        var aot = sandbox.AddModule("big") + ".aot";
        await RunOnceAsync(sandbox);
        var bytes = await File.ReadAllBytesAsync(aot, Ct);
        if (damage == "truncated") bytes = bytes[..(bytes.Length * 2 / 3)];
        else bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(aot, bytes, Ct);

        var logs = await RunOnceAsync(sandbox);
        var invalidated = Assert.Single(logs, l => l.Is("message", "aot_invalidated"));
        Assert.Equal("corrupt", invalidated.GetProperty("reason").GetString());
        Assert.Equal("compiled", BigLoaded(logs).GetProperty("tier").GetString());
        Assert.Equal("aot", BigLoaded(await RunOnceAsync(sandbox)).GetProperty("tier").GetString());
    }
}
