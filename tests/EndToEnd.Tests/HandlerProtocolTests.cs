using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>WAGI handlers through the published binary: what a client and an operator see (docs/wagi.md, docs/runtime.md).</summary>
public sealed class HandlerProtocolTests(GuestServerFixture server) : IClassFixture<GuestServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient Http => server.Mik.Runtime;

    private async Task<JsonElement> ErrorAsync(string path, int status, string code)
    {
        using var response = await Http.GetAsync(path, Ct);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(code, body.GetProperty("error").GetString());
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.Matches("^[0-9a-f]{32}$", body.GetProperty("trace_id").GetString());
        return body;
    }

    [Fact]
    public async Task Hello_answers_with_the_handlers_status_headers_and_body()
    {
        using var response = await Http.GetAsync("/run/hello/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Hello from mik\n", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_echo_guest_sees_every_WAGI_variable_argv_and_the_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/run/echo/a%3bb/c?x=1&&y=%20")
        {
            Content = new ByteArrayContent("hello \0 body"u8.ToArray()),
        };
        request.Content.Headers.ContentType = new("text/plain");
        request.Headers.Host = "example.com:8080";
        request.Headers.Add("X-Test-Header", "hello");
        request.Headers.Add("Authorization", "Bearer secret");
        using var response = await Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var env = text.Split('\n').Where(l => l.StartsWith("env ", StringComparison.Ordinal))
            .Select(l => l[4..].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);

        var expected = new Dictionary<string, string>
        {
            ["AUTH_TYPE"] = "", ["CONTENT_LENGTH"] = "12", ["CONTENT_TYPE"] = "text/plain", ["GATEWAY_INTERFACE"] = "CGI/1.1",
            ["HTTP_X_TEST_HEADER"] = "hello", ["HTTP_HOST"] = "example.com:8080", ["PATH_INFO"] = "/a;b/c",
            ["PATH_TRANSLATED"] = "/a;b/c", ["X_RAW_PATH_INFO"] = "/a%3bb/c", ["QUERY_STRING"] = "x=1&&y=%20",
            ["REMOTE_ADDR"] = "127.0.0.1", ["REMOTE_HOST"] = "127.0.0.1", ["REMOTE_USER"] = "", ["REQUEST_METHOD"] = "POST",
            ["SCRIPT_NAME"] = "/run/echo", ["SERVER_NAME"] = "example.com", ["SERVER_PORT"] = "8080",
            ["SERVER_PROTOCOL"] = "HTTP/1.1", ["SERVER_SOFTWARE"] = "WAGI/1", ["X_MATCHED_ROUTE"] = "/run/echo/...",
            ["X_FULL_URL"] = "http://example.com:8080/run/echo/a%3bb/c?x=1&&y=%20",
        };
        foreach (var (name, value) in expected) Assert.True(env.TryGetValue(name, out var actual) && actual == value, $"{name}: expected '{value}', got '{actual}'");
        Assert.False(env.ContainsKey("HTTP_AUTHORIZATION"));
        Assert.False(env.ContainsKey("HTTP_CONNECTION"));
        Assert.Contains("argv[0]=/run/echo/a%3bb/c\nargv[1]=x=1\nargv[2]=\nargv[3]=y=%20\n", text);
        Assert.EndsWith("body_len=12\nbody=hello \0 body", text);
    }

    [Fact]
    public async Task The_module_route_without_a_trailing_slash_is_served_with_an_empty_PATH_INFO()
    {
        var text = await Http.GetStringAsync("/run/echo", Ct);
        Assert.Contains("env PATH_INFO=\n", text);
        Assert.Contains("env X_RAW_PATH_INFO=\n", text);
        Assert.Contains("argv[0]=/run/echo\n", text);
    }

    [Theory]
    [InlineData("", 201, "application/json")]
    [InlineData("?status=404", 404, "application/json")]
    [InlineData("?crlf=1", 201, "application/json")]
    [InlineData("?nospace=1", 201, "application/json")]
    public async Task Custom_status_and_headers_reach_the_client_in_every_CGI_spelling(string query, int status, string type)
    {
        using var response = await Http.GetAsync("/run/headers/" + query, Ct);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Custom")));
        Assert.Contains("a=1", response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task A_no_content_status_is_sent_without_the_body_the_handler_wrote()
    {
        using var response = await Http.GetAsync("/run/headers/?status=204", Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("Hello from mik\n", await Http.GetStringAsync("/run/hello", Ct));
    }

    [Fact]
    public async Task Location_redirects_with_302_unless_the_handler_sets_a_status()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = Http.BaseAddress };
        using var plain = await client.GetAsync("/run/redirect", Ct);
        Assert.Equal(HttpStatusCode.Found, plain.StatusCode);
        Assert.Equal("https://example.com/target", plain.Headers.Location?.ToString());
        using var explicitStatus = await client.GetAsync("/run/redirect?status=301", Ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, explicitStatus.StatusCode);
    }

    [Fact]
    public async Task Failing_handlers_get_their_error_codes_and_the_process_keeps_serving()
    {
        await ErrorAsync("/run/trap", 500, "handler_trap");
        await ErrorAsync("/run/exit3", 500, "handler_exit");
        await ErrorAsync("/run/garbage", 500, "invalid_handler_output");
        Assert.Equal("exited with 0\n", await Http.GetStringAsync("/run/exit0", Ct));
        Assert.Equal("Hello from mik\n", await Http.GetStringAsync("/run/hello", Ct));
    }

    [Fact]
    public async Task An_endless_loop_is_stopped_with_504_once_its_timeout_has_passed()
    {
        var body = await ErrorAsync("/run/loop?run=timeout", 504, "handler_timeout");
        Assert.Equal("loop", body.GetProperty("module").GetString());
        static bool LoopCompleted(JsonElement l) => l.Is("message", "request_completed") && l.Is("path", "/run/loop");
        var logs = await LogLines.WaitAsync(server.Mik, l => l.Any(LoopCompleted), "request_completed of /run/loop");
        var line = Assert.Single(logs, LoopCompleted);
        // What the server measured, not the test's clock: the loop ran until its deadline, then was stopped. How soon
        // after the deadline is a benchmark figure (bench/timeout.sh), not an assertion: a loaded 2-core machine
        // delays the epoch ticker by whatever its neighbours take, and ErrorAsync's own 504 already shows the
        // endless loop did end.
        Assert.True(line.GetProperty("duration_ms").GetDouble() >= GuestServerFixture.TimeoutSecs * 1000,
            $"stopped after {line.GetProperty("duration_ms").GetDouble()} ms, before its {GuestServerFixture.TimeoutSecs} s timeout");
    }

    [Fact]
    public async Task A_memory_hog_fails_with_memory_limit_and_the_next_request_to_another_module_succeeds()
    {
        await ErrorAsync("/run/memhog", 500, "memory_limit");
        Assert.Equal("Hello from mik\n", await Http.GetStringAsync("/run/hello", Ct));
    }

    [Fact]
    public async Task A_large_response_arrives_whole()
    {
        var bytes = await Http.GetByteArrayAsync("/run/bigout", Ct);
        Assert.Equal(8 * 1024 * 1024, bytes.Length);
    }

    [Fact]
    public async Task Guest_stderr_goes_to_the_log_with_the_module_never_to_the_client()
    {
        Assert.Equal("stderr written\n", await Http.GetStringAsync("/run/stderr", Ct));
        static bool FromGuest(JsonElement l) => l.Is("target", "mik::guest") && l.Is("module", "stderr");
        var logs = await LogLines.WaitAsync(server.Mik, l => l.Any(line => FromGuest(line) && line.Is("message", "second line")), "the guest's second stderr line");
        var lines = logs.Where(FromGuest).ToList();
        Assert.Contains(lines, l => l.Is("message", "first line to stderr") && l.Is("level", "INFO"));
        Assert.Contains(lines, l => l.Is("message", "second line"));
    }

    [Fact]
    public async Task A_volume_is_readable_and_read_only_unless_writable()
    {
        Assert.Contains("hello from a volume", await Http.GetStringAsync("/run/volume", Ct));
        Assert.Contains("write=failed", await Http.GetStringAsync("/run/volume?write=1", Ct));
        Assert.False(File.Exists(Path.Combine(server.Sandbox.Directory, "data", "out.txt")));
    }

    [Theory]
    [InlineData("/run/nothere")]
    [InlineData("/run/..%2Fetc%2Fpasswd")]
    [InlineData("/run/Hello")]
    [InlineData("/run/hello.wasm")]
    public async Task Missing_modules_and_path_tricks_are_404(string path)
    {
        await ErrorAsync(path, 404, "module_not_found");
    }

    [Fact]
    public async Task A_dot_dot_segment_is_resolved_before_routing_so_it_never_reaches_a_file()
    {
        using var response = await Http.GetAsync("/run/%2E%2E/etc/passwd", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_file_that_is_not_WebAssembly_fails_to_instantiate_with_the_reason()
    {
        var body = await ErrorAsync("/run/broken", 500, "instantiate_failed");
        Assert.Contains("not a WebAssembly module", body.GetProperty("message").GetString());
        Assert.Contains(LogLines.Parse(server.Mik.StdoutLines), l => l.GetProperty("message").GetString()!.StartsWith("Failed to instantiate module broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_over_max_body_mb_is_refused_with_413()
    {
        using var content = new ByteArrayContent(new byte[1024 * 1024 + 1]);
        using var response = await Http.PostAsync("/run/echo", content, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("body_too_large", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Health_counts_the_loaded_modules_and_the_cache()
    {
        var health = JsonDocument.Parse(await Http.GetStringAsync("/health", Ct)).RootElement;
        Assert.True(health.GetProperty("modules_loaded").GetInt32() >= 14);
        Assert.True(health.GetProperty("cache").GetProperty("entries").GetInt32() >= 14);
        Assert.True(health.GetProperty("cache").GetProperty("bytes").GetInt64() > 0);
    }

    [Fact]
    public async Task Handlers_are_not_served_on_the_admin_listener()
    {
        using var response = await server.Mik.Admin.GetAsync("/run/hello", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("Hello from mik\n", await response.Content.ReadAsStringAsync(Ct));
    }
}
