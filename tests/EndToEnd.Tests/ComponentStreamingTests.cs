using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// Through the published binary, a component's response body goes to the client as the guest writes it and its
/// request body comes from the client as the guest reads it (docs/components.md, "Streaming"). The guests:
/// stream-large (its query: the body's size, then how it ends) and echo-http.
/// </summary>
public sealed class ComponentStreamingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_large_response_arrives_whole_and_chunked_while_a_small_one_keeps_its_content_length()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/stream-large", "stream-large");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var large = await mik.Runtime.GetAsync("/run/stream-large/", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var small = await mik.Runtime.GetAsync("/run/stream-large/?1000", Ct);

        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        Assert.True(large.Headers.TransferEncodingChunked);
        Assert.Null(large.Content.Headers.ContentLength);
        Assert.Equal(Pattern(8 * 1024 * 1024), await large.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.NotEqual(true, small.Headers.TransferEncodingChunked);
        Assert.Equal(1000, small.Content.Headers.ContentLength);
        Assert.Equal(Pattern(1000), await small.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task A_trap_after_the_response_began_cuts_it_off_and_is_logged_as_the_trap()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/stream-large", "stream-large");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var response = await mik.Runtime.GetAsync("/run/stream-large/?300000t", HttpCompletionOption.ResponseHeadersRead, Ct);

        // The status went before the trap; the body never completes, so the client cannot take it as whole.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => response.Content.ReadAsByteArrayAsync(Ct));
        var logs = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "request_completed") && line.Is("module", "stream-large")),
            "request_completed of stream-large");
        Assert.Contains(logs, l => l.Is("message", "response_aborted") && l.Is("error", "handler_trap"));
        var completed = Assert.Single(logs, l => l.Is("message", "request_completed") && l.Is("module", "stream-large"));
        Assert.Equal(500, completed.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_client_that_stops_reading_holds_the_handler_only_until_its_timeout_then_the_response_is_cut_off()
    {
        using var sandbox = new MikSandbox(serverToml: "request_timeout_secs = 5");
        sandbox.AddModule("components/stream-large", "stream-large");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        // A client with a small window that reads the status line and then nothing: 40 MB cannot get through.
        using var client = new System.Net.Sockets.TcpClient { ReceiveBufferSize = 8192 };
        await client.ConnectAsync(IPAddress.Loopback, sandbox.Port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync("GET /run/stream-large/?40000000 HTTP/1.1\r\nHost: mik\r\n\r\n"u8.ToArray(), Ct);
        var start = new byte[12];
        await stream.ReadExactlyAsync(start, Ct);
        Assert.Equal("HTTP/1.1 200", System.Text.Encoding.ASCII.GetString(start));

        var logs = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "request_completed") && line.Is("module", "stream-large")),
            "request_completed of stream-large");
        Assert.Contains(logs, l => l.Is("message", "response_aborted") && l.Is("error", "handler_timeout"));
        var completed = Assert.Single(logs, l => l.Is("message", "request_completed") && l.Is("module", "stream-large"));
        Assert.Equal(504, completed.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_client_that_leaves_during_a_streamed_response_is_logged_499_not_as_a_module_failure()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/stream-large", "stream-large");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using (var client = new System.Net.Sockets.TcpClient { ReceiveBufferSize = 8192 })
        {
            await client.ConnectAsync(IPAddress.Loopback, sandbox.Port, Ct);
            var stream = client.GetStream();
            await stream.WriteAsync("GET /run/stream-large/?40000000 HTTP/1.1\r\nHost: mik\r\n\r\n"u8.ToArray(), Ct);
            await stream.ReadExactlyAsync(new byte[12], Ct);
        }

        var logs = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "request_completed") && line.Is("module", "stream-large")),
            "request_completed of stream-large");
        Assert.Contains(logs, l => l.Is("message", "response_aborted") && l.Is("error", "client_gone"));
        var completed = Assert.Single(logs, l => l.Is("message", "request_completed") && l.Is("module", "stream-large"));
        Assert.Equal(499, completed.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_head_request_gets_the_headers_and_the_length_of_a_large_body_without_it()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/stream-large", "stream-large");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var response = await mik.Runtime.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/run/stream-large/?300000"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(300_000, response.Content.Headers.ContentLength);
        var logs = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "request_completed") && line.Is("module", "stream-large")),
            "request_completed of stream-large");
        Assert.Equal(200, Assert.Single(logs, l => l.Is("message", "request_completed") && l.Is("module", "stream-large")).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_body_never_finished_is_invalid_handler_output_or_a_cut_off_response_once_it_began()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/stream-large", "stream-large");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var small = await mik.Runtime.GetAsync("/run/stream-large/?10u", Ct);
        using var large = await mik.Runtime.GetAsync("/run/stream-large/?300000u", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, small.StatusCode);
        var error = JsonDocument.Parse(await small.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("invalid_handler_output", error.GetProperty("error").GetString());
        Assert.Contains("without finishing its response body", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => large.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task A_chunked_request_body_larger_than_the_buffer_streams_to_the_component_and_back()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/echo-http", "echo-http");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        var body = Pattern(300_000);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/run/echo-http/up") { Content = new StreamContent(new MemoryStream(body)) };
        request.Headers.TransferEncodingChunked = true;
        using var response = await mik.Runtime.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);

        var echoed = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([.. "/run/echo-http/up"u8.ToArray(), .. body], echoed);
    }

    [Fact]
    public async Task A_client_that_stops_sending_its_body_holds_the_component_only_until_its_timeout_504()
    {
        using var sandbox = new MikSandbox(serverToml: "request_timeout_secs = 2");
        sandbox.AddModule("components/echo-http", "echo-http");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        // The first chunk of a body, then nothing (the connection stays open): the guest waits in its read.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, sandbox.Port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync("POST /run/echo-http/ HTTP/1.1\r\nHost: mik\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"u8.ToArray(), Ct);
        var start = new byte[12];
        await stream.ReadExactlyAsync(start, Ct);

        Assert.Equal("HTTP/1.1 504", System.Text.Encoding.ASCII.GetString(start));
        var logs = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "handler_failed") && line.Is("module", "echo-http")),
            "handler_failed of echo-http");
        var failed = Assert.Single(logs, l => l.Is("message", "handler_failed") && l.Is("module", "echo-http"));
        Assert.True(failed.Is("error", "handler_timeout"), failed.ToString());
        Assert.Contains("deadline passed while reading the request body", failed.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_past_max_body_mb_is_413_body_too_large_as_for_a_wagi_module(bool chunked)
    {
        using var sandbox = new MikSandbox(serverToml: "max_body_mb = 1");
        sandbox.AddModule("components/stream-large", "stream-large");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        // r: the guest reads the whole body before it answers; its read past 1 MiB fails and it traps.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/run/stream-large/?10r")
        {
            Content = new StreamContent(new MemoryStream(new byte[1024 * 1024 + 100_000])),
        };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await mik.Runtime.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("body_too_large", error.GetProperty("error").GetString());
        Assert.Equal("the request body exceeds max_body_mb = 1", error.GetProperty("message").GetString());
    }

    private static byte[] Pattern(int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(i % 251))];
}
