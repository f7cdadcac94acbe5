using System.Collections.Concurrent;
using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>Modules added, replaced and removed in the folder while mik serves.</summary>
public sealed class ModuleDeploymentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpStatusCode> EventuallyAsync(HttpClient http, string path, HttpStatusCode wanted)
    {
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 100; i++)
        {
            using var response = await http.GetAsync(path, Ct);
            status = response.StatusCode;
            if (status == wanted) break;
            await Task.Delay(100, Ct);
        }
        return status;
    }

    [Fact]
    public async Task Added_and_removed_files_are_picked_up_while_serving()
    {
        using var sandbox = new MikSandbox();
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        sandbox.AddModule("hello", "fresh");
        Assert.Equal(HttpStatusCode.OK, await EventuallyAsync(mik.Runtime, "/run/fresh", HttpStatusCode.OK));
        File.Delete(Path.Combine(sandbox.ModulesDirectory, "fresh.wasm"));
        Assert.Equal(HttpStatusCode.NotFound, await EventuallyAsync(mik.Runtime, "/run/fresh", HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Rewriting_a_module_in_place_while_requests_run_never_serves_a_partial_file()
    {
        using var sandbox = new MikSandbox();
        var path = sandbox.AddModule("hello", "swap");
        var versions = new[] { File.ReadAllBytes(MikSandbox.GuestPath("headers")), File.ReadAllBytes(MikSandbox.GuestPath("hello")) };
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        var statuses = new ConcurrentBag<int>();
        var bodies = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await mik.Runtime.GetAsync("/run/swap", Ct);
                statuses.Add((int)response.StatusCode);
                bodies.Add(await response.Content.ReadAsStringAsync(Ct));
            }
        }, Ct)).ToList();

        for (var round = 0; round < 6; round++)
        {
            var bytes = versions[round % 2];
            // A slow, non-atomic copy: the file is half-written for a while.
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
            {
                await file.WriteAsync(bytes.AsMemory(0, bytes.Length / 3), Ct);
                await file.FlushAsync(Ct);
                await Task.Delay(60, Ct);
                await file.WriteAsync(bytes.AsMemory(bytes.Length / 3), Ct);
            }
            await Task.Delay(900, Ct);
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(!statuses.Any(s => s >= 500), string.Join(" | ", bodies.Where(b => b.Contains("\"error\"")).Distinct().Take(3)) + string.Join("\n", mik.StdoutLines.Where(l => !l.Contains("request_completed")).TakeLast(30)));
        Assert.Contains(bodies, b => b == "Hello from mik\n");
        Assert.Contains(bodies, b => b.Contains("\"guest\":\"headers\"", StringComparison.Ordinal));
    }
}
