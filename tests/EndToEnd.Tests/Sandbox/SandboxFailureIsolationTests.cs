using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Sandbox;

/// <summary>
/// The published binary: a guest cannot outlive its timeout, even waiting in a host call, and its slot is given back;
/// one guest's failure (trap, timeout, memory, proc_exit, a stdout or stderr flood) never touches another request
/// served at the same time (docs/reliability.md, Sandbox).
/// </summary>
public sealed class SandboxFailureIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, string Body)> Get(MikProcess mik, string pathAndQuery)
    {
        using var response = await mik.Runtime.GetAsync(pathAndQuery, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("escape", "p=loop")]
    [InlineData("escape", "p=writeloop")]
    [InlineData("escape", "p=clockloop")]
    [InlineData("escape-vol", "p=loop")]
    [InlineData("escape-vol", "p=writeloop")]
    [InlineData("escape-vol", "p=sleep&secs=3600")]
    public async Task A_guest_that_never_ends_gets_504_and_with_one_slot_the_next_request_is_served(string module, string query)
    {
        using var sandbox = new MikSandbox(serverToml: "max_concurrent_requests = 1\nrequest_timeout_secs = 1", extraToml: """
            [modules.escape-vol]
            volumes = { "/data" = "data" }
            """);
        Directory.CreateDirectory(Path.Combine(sandbox.Directory, "data"));
        sandbox.AddModule("escape");
        sandbox.AddModule("escape", "escape-vol");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        var (status, body) = await Get(mik, $"/run/{module}?{query}");

        Assert.True(status == HttpStatusCode.GatewayTimeout && body.Contains("\"handler_timeout\""), $"{(int)status} {body}");
        // The only slot is free again: the next request runs (no 503 overloaded, no thread left behind).
        Assert.Equal((HttpStatusCode.OK, "ok=ok\n"), await Get(mik, $"/run/{module}?p=ok"));
    }

    [Fact]
    public async Task Failing_guests_running_beside_healthy_ones_never_change_their_answers()
    {
        using var sandbox = new MikSandbox(serverToml: "max_concurrent_requests = 32", extraToml: """
            [modules.looper]
            timeout_secs = 2
            [modules.hog]
            max_memory_mb = 16
            """);
        foreach (var name in new[] { "escape", "looper", "trapper", "hog", "exiter", "flooder", "shouter" })
            sandbox.AddModule("escape", name);
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        var failing = new (string Request, HttpStatusCode Status, string Code)[]
        {
            ("/run/looper?p=loop", HttpStatusCode.GatewayTimeout, "handler_timeout"),
            ("/run/trapper?p=trap", HttpStatusCode.InternalServerError, "handler_trap"),
            ("/run/hog?p=oom", HttpStatusCode.InternalServerError, "memory_limit"),
            ("/run/exiter?p=exit&code=7", HttpStatusCode.InternalServerError, "handler_exit"),
            ("/run/flooder?p=stdout", HttpStatusCode.InternalServerError, "output_too_large"),
            ("/run/shouter?p=stderr&kb=16384", HttpStatusCode.OK, "stderr=ok"),
        };
        var failures = failing.Select(f => Get(mik, f.Request)).ToList();
        var healthy = Enumerable.Range(0, 24).Select(i => Get(mik, $"/run/escape?p=read&path=/nothing-{i}")).ToList();

        foreach (var (answer, expected) in (await Task.WhenAll(failures)).Zip(failing))
        {
            Assert.True(answer.Status == expected.Status, $"{expected.Request}: {(int)answer.Status} {answer.Body}");
            Assert.Contains(expected.Code, answer.Body);
        }
        foreach (var answer in await Task.WhenAll(healthy))
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Matches(@"^read=failed errno=\d+\n$", answer.Body);
        }
        // The 16 MiB of stderr were cut at the 1 MiB cap on their way to the log.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!mik.StdoutLines.Any(l => l.Contains("[stderr truncated after 1048576 bytes]")) && DateTime.UtcNow < deadline)
            await Task.Delay(100, Ct);
        Assert.Contains(mik.StdoutLines, l => l.Contains("[stderr truncated after 1048576 bytes]"));
        // And after them, every module serves again.
        foreach (var name in new[] { "escape", "looper", "trapper", "hog", "exiter", "flooder", "shouter" })
            Assert.Equal((HttpStatusCode.OK, "ok=ok\n"), await Get(mik, $"/run/{name}?p=ok"));
    }
}
