using System.Collections.Concurrent;
using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>A module file rewritten under load: requests see the old or the new module, never a half-written one.</summary>
public sealed class ModuleReplacementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rewriting_a_module_file_in_place_while_requests_run_never_gives_a_500()
    {
        using var sandbox = new MikSandbox();
        var path = sandbox.AddModule("hello", "app");
        (byte[] Bytes, string Answer)[] versions =
        [
            (await File.ReadAllBytesAsync(MikSandbox.GuestPath("echo"), Ct), "env PATH_INFO="),
            (await File.ReadAllBytesAsync(path, Ct), "Hello from mik\n"),
        ];
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var stop = new CancellationTokenSource();
        var answers = new ConcurrentQueue<(HttpStatusCode Status, string Body)>();
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await mik.Runtime.GetAsync("/run/app/", Ct);
                answers.Enqueue((response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
            }
        }, Ct)).ToArray();

        for (var i = 0; i < 6; i++)
        {
            var (bytes, answer) = versions[i % 2];
            var before = answers.Count;
            // In place, in two writes 450 ms apart: the watcher's first look (300 ms after the first write) finds the
            // half-written file, and a runtime that took it would answer 500 instantiate_failed.
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
            {
                await file.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), Ct);
                await file.FlushAsync(Ct);
                await Task.Delay(450, Ct);
                await file.WriteAsync(bytes.AsMemory(bytes.Length / 2), Ct);
            }
            // A file is taken once it is the same on two scans 300 ms apart, then compiled: wait until it answers.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!answers.Skip(before).Any(a => a.Status == HttpStatusCode.OK && a.Body.Contains(answer, StringComparison.Ordinal)))
            {
                AssertNoServerErrors(answers);
                Assert.True(DateTime.UtcNow < deadline, $"rewrite {i + 1} was not served within 20 s");
                await Task.Delay(50, Ct);
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        AssertNoServerErrors(answers);
    }

    // 503 module_reloading is the designed answer while a file settles; a 500 would be a half-written module.
    private static void AssertNoServerErrors(IEnumerable<(HttpStatusCode Status, string Body)> answers)
    {
        var wrong = answers.FirstOrDefault(a => a.Status != HttpStatusCode.OK
            && !(a.Status == HttpStatusCode.ServiceUnavailable && a.Body.Contains("module_reloading", StringComparison.Ordinal)));
        Assert.True(wrong == default, $"answered {(int)wrong.Status}: {wrong.Body}");
    }
}
