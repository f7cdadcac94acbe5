using System.Text;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// Request bodies Kestrel refuses while mik reads them (a malformed chunk, data slower than the minimum rate) are the
/// client's fault: 400 / 408 in mik's own error shape, one WARN each, no stack trace, counted by reason.
/// </summary>
public sealed class BadRequestBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] BadChunk = Encoding.ASCII.GetBytes("ZZZ\r\nabc\r\n0\r\n\r\n");

    // A tenth of the body, then nothing: the rate falls below 240 bytes/s once Kestrel's 5 s grace is over.
    private static readonly byte[] StalledBody = Encoding.ASCII.GetBytes(new string('x', 100));

    [Fact]
    public async Task Malformed_and_stalled_bodies_are_400_and_408_logged_once_as_warnings_and_counted()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("echo");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        var cases = new[]
        {
            (Port: sandbox.Port, Path: "/run/echo/chunk", Head: "Transfer-Encoding: chunked", Body: BadChunk, Status: 400, Error: "bad_request_body"),
            (Port: sandbox.Port, Path: "/run/echo/stall", Head: "Content-Length: 1000", Body: StalledBody, Status: 408, Error: "request_body_timeout"),
            (Port: sandbox.AdminPort, Path: "/modules/chunk", Head: "Transfer-Encoding: chunked", Body: BadChunk, Status: 400, Error: "bad_request_body"),
            (Port: sandbox.AdminPort, Path: "/modules/stall", Head: "Content-Length: 1000", Body: StalledBody, Status: 408, Error: "request_body_timeout"),
        };
        var answers = await Task.WhenAll(cases.Select(c =>
            RawHttp.SendAsync(c.Port, $"{(c.Port == sandbox.Port ? "POST" : "PUT")} {c.Path} HTTP/1.1\r\n{c.Head}", c.Body, Ct)));

        foreach (var (c, answer) in cases.Zip(answers))
        {
            Assert.Equal(c.Status, answer.Status);
            var body = JsonDocument.Parse(answer.Body).RootElement;
            Assert.Equal(c.Error, body.GetProperty("error").GetString());
            Assert.Equal(c.Status, body.GetProperty("status").GetInt32());
            if (c.Port == sandbox.Port)
            {
                Assert.StartsWith("application/json", answer.ContentType);
                Assert.Equal("echo", body.GetProperty("module").GetString());
                Assert.Equal(32, body.GetProperty("trace_id").GetString()!.Length);
                Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
            }
            else
            {
                Assert.StartsWith("application/problem+json", answer.ContentType);
                Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
            }
        }

        var logs = await LogLines.WaitAsync(mik,
            l => cases.All(c => l.Any(line => line.Is("message", "request_completed") && line.Is("path", c.Path))), "request_completed of every case");
        foreach (var c in cases)
        {
            var warning = Assert.Single(logs, l => l.Is("message", "request_body_rejected") && l.Is("path", c.Path));
            Assert.True(warning.Is("level", "WARN"), warning.ToString());
            Assert.True(warning.Is("error", c.Error), warning.ToString());
            var completed = Assert.Single(logs, l => l.Is("message", "request_completed") && l.Is("path", c.Path));
            Assert.Equal(c.Status, completed.GetProperty("status").GetInt32());
        }
        Assert.DoesNotContain(logs, l => l.Is("level", "ERROR"));
        Assert.DoesNotContain(logs, l => l.TryGetProperty("exception", out _));

        var metrics = await mik.Runtime.GetStringAsync("/metrics", Ct);
        Assert.Equal(2, MetricsText.Value(metrics, "mik_requests_rejected_total{reason=\"bad_request_body\"}"));
        Assert.Equal(2, MetricsText.Value(metrics, "mik_requests_rejected_total{reason=\"request_body_timeout\"}"));
    }
}
