using System.Net;
using System.Text;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// Components built by a real toolchain (tests/guests/components/c/c-http.c: clang-14 + wasi-libc, made a component
/// with jco and the preview1 adapter, so it imports wasi:cli and wasi:filesystem as C guests do) served by the
/// published binary beside a hand-written component and a WAGI module: every case of docs/components.md's list
/// with the status, headers and body a client sees.
/// </summary>
public sealed class ToolchainComponentTests(ToolchainServerFixture server) : IClassFixture<ToolchainServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient Http => server.Mik.Runtime;

    private async Task ErrorAsync(string path, int status, string code)
    {
        using var response = await Http.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == (int)response.StatusCode, $"{path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, body.GetProperty("error").GetString());
        Assert.Equal("c-http", body.GetProperty("module").GetString());
    }

    [Fact]
    public async Task The_C_component_echoes_method_path_query_headers_and_a_streamed_body_beside_the_others()
    {
        var sent = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i % 10}abcdefghi")));
        using var request = new HttpRequestMessage(new HttpMethod("PURGE"), "/run/c-http/echo?x=1&y=%20");
        request.Headers.Add("X-Echo", "from the client");
        // A stream of unknown length: the client sends it chunked, the guest reads it in 4 KiB pieces.
        request.Content = new StreamContent(new MemoryStream(sent));
        using var response = await Http.SendAsync(request, Ct);

        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(body));
        Assert.Equal(["PURGE"], response.Headers.GetValues("x-method"));
        Assert.Equal(["from the client"], response.Headers.GetValues("x-echo"));
        Assert.Equal(["c"], response.Headers.GetValues("x-toolchain"));
        Assert.Equal([.. "PURGE /run/c-http/echo?x=1&y=%20\n"u8, .. sent], body);

        using var wat = new HttpRequestMessage(HttpMethod.Post, "/run/echo-http/w?z=2") { Content = new StringContent("!") };
        using var watResponse = await Http.SendAsync(wat, Ct);
        Assert.Equal("/run/echo-http/w?z=2!", await watResponse.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Hello from mik\n", await Http.GetStringAsync("/run/hello/", Ct));
    }

    [Fact]
    public async Task The_C_component_answers_the_status_and_headers_it_chose()
    {
        using var response = await Http.GetAsync("/run/c-http/status?code=418", Ct);

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal(["418"], response.Headers.GetValues("x-chosen"));
        Assert.Equal(["one", "two"], response.Headers.GetValues("x-multi"));
        Assert.Equal(["c"], response.Headers.GetValues("x-toolchain"));
        Assert.Equal("status chosen\n", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_large_response_written_in_4_KiB_pieces_arrives_whole()
    {
        const int size = 2 * 1024 * 1024 + 123;
        var bytes = await Http.GetByteArrayAsync($"/run/c-http/large?bytes={size}", Ct);

        Assert.Equal(size, bytes.Length);
        Assert.All(new[] { 0, 4095, 4096, size - 1 }, i => Assert.Equal((byte)('a' + i % 4096 % 26), bytes[i]));
    }

    [Fact]
    public async Task A_trap_is_500_handler_trap() => await ErrorAsync("/run/c-http/trap", 500, "handler_trap");

    [Fact]
    public async Task An_endless_loop_is_504_handler_timeout() => await ErrorAsync("/run/c-http/loop", 504, "handler_timeout");

    [Fact]
    public async Task A_memory_hog_stops_at_the_cap_with_500_and_the_next_request_succeeds()
    {
        // The guest traps when malloc fails, i.e. once the Store's limiter (max_memory_mb = 32) refuses memory.grow.
        // For a component that is handler_trap, not WAGI's memory_limit: the C API shows mik neither the refusal
        // nor the component's memory (docs/components.md, "Where it is thin or stops").
        await ErrorAsync("/run/c-http/hog", 500, "handler_trap");
        Assert.Equal("status chosen\n", await Http.GetStringAsync("/run/c-http/status", Ct));
    }

    [Fact]
    public async Task A_response_never_set_is_500_invalid_handler_output() =>
        await ErrorAsync("/run/c-http/none", 500, "invalid_handler_output");

    [Fact]
    public async Task The_C_components_stderr_line_is_a_log_line_of_the_module()
    {
        using var response = await Http.GetAsync("/run/c-http/status?code=202", Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        static bool FromGuest(JsonElement l) => l.Is("target", "mik::guest") && l.Is("module", "c-http")
            && l.Is("message", "c-http: GET /run/c-http/status?code=202");
        await LogLines.WaitAsync(server.Mik, l => l.Any(FromGuest), "the C component's stderr line");
    }
}
