using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Faults;

/// <summary>
/// <c>kill -9</c> of mik while it writes module files: in the middle of a deploy of the 1 MB guest, and in the middle
/// of <c>mik cache clear</c>. After a restart no partial or temporary file is left, and what is served is what the
/// audit trail last committed (docs/reliability.md, Faults under load).
/// </summary>
public sealed class KillDuringWriteTests
{
    private const string Key = "faults-kill-write-key";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill_9_in_the_middle_of_a_deploy_leaves_no_partial_file_and_serves_the_last_committed_version()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = Key;
        var v1 = File.ReadAllBytes(MikSandbox.GuestPath("big"));
        byte[][] versions = [v1, WithCustomSection(v1, 1), WithCustomSection(v1, 2), WithCustomSection(v1, 3)];
        var killedAt = 0;

        await using (var mik = await StartAsync(sandbox))
        {
            Assert.Equal(HttpStatusCode.Created, await DeployAsync(mik, versions[0]));
            // Kill as soon as the upload's files are being written beside their place; should the deploy win the
            // race, the next version tries again.
            for (var n = 1; n < versions.Length && killedAt == 0; n++)
            {
                var deploy = DeployAsync(mik, versions[n]);
                while (!deploy.IsCompleted && FolderLeftovers.TemporaryFiles(sandbox.ModulesDirectory).Count == 0) await Task.Delay(1, Ct);
                if (deploy.IsCompleted) continue;
                mik.Signal(MikProcess.Sigkill);
                killedAt = n;
                try
                {
                    await deploy;
                }
                catch (HttpRequestException)
                {
                    // Cut off by the kill, as expected.
                }
            }
            Assert.True(killedAt > 0, "every deploy finished before its files were seen being written");
            await mik.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        // What a kill in the middle of writing a state file leaves (the kill above may or may not have hit one).
        File.WriteAllText(Path.Combine(sandbox.StateDirectory, "modules-pending.json.tmp"), "[{\"module\":\"bi");

        await using var restarted = await StartAsync(sandbox);
        var committed = (await FaultStore.EventsAsync(MikSandbox.TestDatabaseUrl, sandbox.Schema, "module_deployed"))
            .Where(e => e.Stream == "module:big").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("sha256").GetString()).Last();
        await FaultStore.EventuallyAsync(async () => await ServedSha256Async(restarted, "big") == committed,
            "the restarted mik to serve the last committed deployment", TimeSpan.FromSeconds(60));
        using (var response = await restarted.Runtime.GetAsync("/run/big?fn=7&x=42", Ct))
            Assert.Equal("big: fn=7 x=42 result=0xe55088d0\n", await response.Content.ReadAsStringAsync(Ct));
        Assert.Empty(FolderLeftovers.TemporaryFiles(sandbox.ModulesDirectory, sandbox.StateDirectory));
        Assert.Empty(FolderLeftovers.UnknownModules(sandbox.ModulesDirectory, versions));
        Assert.Equal("current", await ArtifactStateAsync(restarted, "big"));
        var killedOne = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(versions[killedAt]));
        TestContext.Current.TestOutputHelper?.WriteLine(committed == killedOne
            ? $"killed in deploy {killedAt + 1} after its commit: the restart serves it, from the store"
            : $"killed in deploy {killedAt + 1} before its commit: the restart serves deploy {killedAt}");
    }

    [Fact]
    public async Task Kill_9_in_the_middle_of_mik_cache_clear_leaves_no_partial_artifact_and_the_clear_recorded_once()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = Key;
        var aot = sandbox.AddModule("big") + ".aot";
        sandbox.AddModule("hello");

        await using (var mik = await StartAsync(sandbox))
        {
            await FaultStore.EventuallyAsync(() => Task.FromResult(File.Exists(aot)), "big's artifact", TimeSpan.FromSeconds(60));
            var clear = AdminCli.RunAsync(Key, sandbox.Directory, "cache", "clear", "--config", sandbox.ConfigPath);
            // Between the removal of the artifacts and their rewriting: the server compiles the 1 MB guest again.
            while (!clear.IsCompleted && File.Exists(aot)) await Task.Delay(1, Ct);
            Assert.False(clear.IsCompleted, "the clear finished before its artifacts were seen removed");
            mik.Signal(MikProcess.Sigkill);
            await mik.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await clear;
        }

        await using var restarted = await StartAsync(sandbox);
        using (var response = await restarted.Runtime.GetAsync("/run/big?fn=7&x=42", Ct))
            Assert.Equal("big: fn=7 x=42 result=0xe55088d0\n", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Hello from mik\n", await restarted.Runtime.GetStringAsync("/run/hello/", Ct));
        Assert.Empty(FolderLeftovers.TemporaryFiles(sandbox.ModulesDirectory, sandbox.StateDirectory));
        Assert.Equal("current", await ArtifactStateAsync(restarted, "big"));
        Assert.Equal("current", await ArtifactStateAsync(restarted, "hello"));
        var cleared = await FaultStore.EventsAsync(MikSandbox.TestDatabaseUrl, sandbox.Schema, "cache_cleared");
        Assert.Single(cleared);
    }

    private static async Task<MikProcess> StartAsync(MikSandbox sandbox)
    {
        var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await mik.WaitEventStoreAsync(TimeSpan.FromSeconds(120));
        // Deploying the 1 MB guest compiles it before answering, which takes long on a loaded machine: a hang guard only.
        mik.Admin.Timeout = TimeSpan.FromSeconds(180);
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", Key);
        return mik;
    }

    private static async Task<HttpStatusCode> DeployAsync(MikProcess mik, byte[] wasm)
    {
        using var response = await mik.Admin.PutAsync("/modules/big", new ByteArrayContent(wasm), Ct);
        return response.StatusCode;
    }

    private static async Task<string?> ServedSha256Async(MikProcess mik, string module)
    {
        using var response = await mik.Admin.GetAsync("/modules/" + module, Ct);
        if (!response.IsSuccessStatusCode) return null;
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("sha256").GetString();
    }

    private static async Task<string?> ArtifactStateAsync(MikProcess mik, string module)
    {
        using var json = JsonDocument.Parse(await mik.Admin.GetStringAsync("/cache", Ct));
        return json.RootElement.GetProperty("aot").GetProperty("artifacts").EnumerateArray()
            .Where(a => a.GetProperty("module").GetString() == module)
            .Select(a => a.GetProperty("state").GetString())
            .SingleOrDefault();
    }

    /// <summary>The module with a custom section appended: other bytes, the same code.</summary>
    private static byte[] WithCustomSection(byte[] wasm, byte mark)
    {
        // Section id 0, size 6: a name of length 4 ("mark") and one byte.
        byte[] section = [0, 6, 4, (byte)'m', (byte)'a', (byte)'r', (byte)'k', mark];
        return [.. wasm, .. section];
    }
}
