using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>What the modules folder may hold besides module files, and the folder itself going away, on the binary.</summary>
public sealed class ModulesFolderTests
{
    private const string Key = "e2e-folder-key";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fifo_in_the_modules_folder_is_reported_once_and_new_files_and_admin_changes_still_go_through()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = Key;
        sandbox.AddModule("hello");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", Key);

        MakeFifo(Path.Combine(sandbox.ModulesDirectory, "fifo.wasm"));
        sandbox.AddModule("echo", "fresh");
        // Both HTTP clients give up after 30 s: an answer at all is the evidence that nothing hangs.
        await WaitServedAsync(mik, "fresh");
        using (var put = await mik.Admin.PutAsync("/modules/deployed", new ByteArrayContent(await File.ReadAllBytesAsync(MikSandbox.GuestPath("hello"), Ct)), Ct))
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using (var delete = await mik.Admin.DeleteAsync("/modules/deployed", Ct))
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);

        using var fifo = JsonDocument.Parse(await mik.Admin.GetStringAsync("/modules/fifo", Ct));
        Assert.Contains("FIFO", fifo.RootElement.GetProperty("problem").GetString());
        using (var run = await mik.Runtime.GetAsync("/run/fifo/", Ct))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, run.StatusCode);
            Assert.Contains("not a regular file", await run.Content.ReadAsStringAsync(Ct));
        }
        // Once, although the folder has been scanned several times since (the new file took two scans to settle).
        var lines = await LogLines.WaitAsync(mik, l => l.Any(x => x.Is("message", "module_not_a_file")), "module_not_a_file");
        var reported = Assert.Single(lines, l => l.Is("message", "module_not_a_file"));
        Assert.True(reported.Is("level", "WARN"));
        Assert.True(reported.Is("kind", "fifo"));
        Assert.EndsWith("fifo.wasm", reported.GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_modules_folder_that_disappears_is_a_warning_and_in_health_removes_nothing_and_is_taken_back()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = Key;
        sandbox.AddModule("hello");
        var away = sandbox.ModulesDirectory + ".away";
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", Key);

        Directory.Move(sandbox.ModulesDirectory, away);
        await LogLines.WaitAsync(mik, l => l.Any(x => x.Is("message", "modules_dir_missing") && x.Is("level", "WARN")), "modules_dir_missing WARN");
        using (var health = await mik.Runtime.GetAsync("/health", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal("missing", report.GetProperty("modules_dir").GetString());
            Assert.Equal(1, report.GetProperty("modules_loaded").GetInt32());
        }
        // Compiled and in memory: still served. A deployment would create an empty folder where the volume belongs.
        Assert.Equal(HttpStatusCode.OK, (await mik.Runtime.GetAsync("/run/hello/", Ct)).StatusCode);
        using (var put = await mik.Admin.PutAsync("/modules/other", new ByteArrayContent(await File.ReadAllBytesAsync(MikSandbox.GuestPath("hello"), Ct)), Ct))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, put.StatusCode);
        Assert.False(Directory.Exists(sandbox.ModulesDirectory));

        Directory.Move(away, sandbox.ModulesDirectory);
        await LogLines.WaitAsync(mik, l => l.Any(x => x.Is("message", "modules_dir_back")), "modules_dir_back");
        sandbox.AddModule("echo", "later");
        await WaitServedAsync(mik, "later");
        using (var health = JsonDocument.Parse(await mik.Runtime.GetStringAsync("/health", Ct)))
            Assert.Equal("ok", health.RootElement.GetProperty("modules_dir").GetString());

        var lines = LogLines.Parse(mik.StdoutLines);
        Assert.Single(lines, l => l.Is("message", "modules_dir_missing"));
        Assert.Single(lines, l => l.Is("message", "modules_dir_back"));
        Assert.DoesNotContain(lines, l => l.Is("message", "module_removed"));
        using var removals = JsonDocument.Parse(await mik.Admin.GetStringAsync("/audit?type=ModuleRemoved", Ct));
        Assert.Empty(removals.RootElement.GetProperty("events").EnumerateArray());
    }

    private static async Task WaitServedAsync(MikProcess mik, string module)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await mik.Runtime.GetAsync($"/run/{module}/", Ct);
            if (response.StatusCode == HttpStatusCode.OK) return;
            Assert.True(DateTime.UtcNow < deadline, $"{module} was not served within 30 s (last answer {(int)response.StatusCode})");
            await Task.Delay(100, Ct);
        }
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
