using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// <c>mik call</c> through the published binary: each test guest answers the same through <c>mik call</c> as through a
/// running <c>mik serve</c> (same config, same request).
/// </summary>
public sealed class CliCallTests(GuestServerFixture server) : IClassFixture<GuestServerFixture>
{
    /// <summary>
    /// Headers the server's web stack adds around the guest's response, which <c>mik call</c> has no reason to invent:
    /// Date and Server (Kestrel), Content-Length and Transfer-Encoding (framing of the HTTP connection).
    /// </summary>
    private static readonly HashSet<string> ServerHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Content-Length", "Transfer-Encoding",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<CliResult> CallAsync(params string[] args) =>
        MikCli.RunAsync(server.Sandbox.Directory, ["call", "--config", server.Sandbox.ConfigPath, .. args]);

    public static TheoryData<string, string, string, string?> Guests => new()
    {
        { "hello", "", "GET", null },
        { "echo", "/a%3bb/c?x=1&&y=%20", "POST", "hello \0 body" },
        { "headers", "?status=202", "GET", null },
        { "headers", "/x?crlf=1&nospace=1", "GET", null },
        { "redirect", "", "GET", null },
        { "redirect", "?status=301", "GET", null },
        { "exit0", "", "GET", null },
        { "exit3", "", "GET", null },
        { "trap", "", "GET", null },
        { "loop", "", "GET", null },
        { "memhog", "", "GET", null },
        { "memhog", "?mb=2", "GET", null },
        { "garbage", "", "GET", null },
        { "nostart", "", "GET", null },
        { "broken", "", "GET", null },
        { "bigout", "", "GET", null },
        { "stderr", "", "DELETE", null },
        { "slow", "?ms=10", "GET", null },
        { "volume", "", "GET", null },
    };

    [Theory]
    [MemberData(nameof(Guests))]
    public async Task Call_answers_like_the_server(string guest, string path, string method, string? body)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{server.Sandbox.Port}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/run/{guest}{path}");
        string[] args = [guest, path, "-X", method, "-H", $"Host: 127.0.0.1:{server.Sandbox.Port}"];
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = new("text/plain");
            // A NUL cannot travel in argv: the body goes through a file, byte for byte.
            var file = Path.Combine(server.Sandbox.Directory, $"body-{Guid.NewGuid():N}.bin");
            await File.WriteAllTextAsync(file, body, Ct);
            args = [.. args, "-H", "Content-Type: text/plain", "-H", $"Content-Length: {Encoding.UTF8.GetByteCount(body)}", "-d", "@" + file];
        }
        using var response = await http.SendAsync(request, Ct);
        var served = await response.Content.ReadAsStringAsync(Ct);
        var servedHeaders = response.Headers.Concat(response.Content.Headers)
            .Where(h => !ServerHeaders.Contains(h.Key))
            .SelectMany(h => h.Value.Select(v => $"{h.Key.ToLowerInvariant()}: {v}")).Order().ToList();

        var call = await CallAsync(args);

        var (status, headers, called) = ParseHttp(call.Stdout);
        Assert.Equal((int)response.StatusCode, status);
        Assert.Equal(servedHeaders, headers.Select(h => h.ToLowerInvariant()[..h.IndexOf(':')] + h[h.IndexOf(':')..]).Order().ToList());
        var isMikError = TryErrorBody(served, out var servedError);
        if (isMikError)
        {
            Assert.True(TryErrorBody(called, out var calledError), called);
            Assert.Equal(servedError, calledError);
            Assert.Equal(1, call.ExitCode);
            Assert.StartsWith("mik: " + JsonNode.Parse(served)!["error"], call.StderrLines[^1], StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(served, called);
            Assert.Equal(0, call.ExitCode);
        }
    }

    [Fact]
    public async Task The_guests_stderr_goes_to_stderr_and_json_holds_all_of_it()
    {
        var text = await CallAsync("stderr");
        Assert.Equal(0, text.ExitCode);
        Assert.Equal(["first line to stderr", "second line"], text.StderrLines);
        Assert.DoesNotContain("first line", text.Stdout, StringComparison.Ordinal);

        var json = await CallAsync("stderr", "--json");
        Assert.Equal(0, json.ExitCode);
        var answer = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.Equal("stderr written\n", answer.GetProperty("body").GetString());
        Assert.Equal(["first line to stderr", "second line"], answer.GetProperty("stderr").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("error").ValueKind);
        Assert.Equal("Content-Type", answer.GetProperty("headers")[0][0].GetString());
    }

    [Fact]
    public async Task A_body_from_a_file_a_method_and_headers_reach_the_guest()
    {
        var file = Path.Combine(server.Sandbox.Directory, "body.bin");
        await File.WriteAllTextAsync(file, "from a file", Ct);

        var result = await CallAsync(MikSandbox.GuestPath("echo"), "/p?q", "-X", "PUT", "-H", "X-Test: yes", "-d", "@" + file, "--json");

        Assert.Equal(0, result.ExitCode);
        var body = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("body").GetString()!;
        Assert.Contains("env REQUEST_METHOD=PUT\n", body);
        Assert.Contains("env HTTP_X_TEST=yes\n", body);
        Assert.Contains("env PATH_INFO=/p\n", body);
        Assert.EndsWith("body=from a file", body);
    }

    [Fact]
    public async Task A_failed_run_in_json_names_its_error_code_and_exits_1()
    {
        var result = await CallAsync("trap", "--json");

        Assert.Equal(1, result.ExitCode);
        var answer = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(500, answer.GetProperty("status").GetInt32());
        Assert.Equal("handler_trap", answer.GetProperty("error").GetString());
        Assert.Contains("unreachable", answer.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_component_file_runs_one_request_through_the_component_executor_and_its_failures_have_the_servers_codes()
    {
        string Component(string name) => Path.Combine(AppContext.BaseDirectory, "guests", "components", name + ".wasm");

        var text = await CallAsync(Component("hello-http"), "/");
        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith("HTTP/1.1 200 OK\n", text.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.EndsWith("\n\nHello from a component\n", text.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var json = JsonDocument.Parse((await CallAsync(Component("hello-http"), "/", "--json")).Stdout).RootElement;
        Assert.Equal((200, "Hello from a component\n"), (json.GetProperty("status").GetInt32(), json.GetProperty("body").GetString()));

        var foreign = await CallAsync(Component("foreign-imports"), "/", "--json");
        Assert.Equal(1, foreign.ExitCode);
        var failed = JsonDocument.Parse(foreign.Stdout).RootElement;
        Assert.Equal((500, "instantiate_failed"), (failed.GetProperty("status").GetInt32(), failed.GetProperty("error").GetString()));
        Assert.Contains("wasi:sockets/network@0.2.0", failed.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("bad header", 2)]
    [InlineData("data missing", 1)]
    [InlineData("unknown module", 1)]
    [InlineData("directory", 1)]
    [InlineData("missing file", 1)]
    [InlineData("no module", 2)]
    public async Task Bad_input_is_one_line_and_no_stack_trace(string what, int exitCode)
    {
        string[] args = what switch
        {
            "bad header" => ["hello", "-H", "no colon here"],
            "data missing" => ["hello", "-d", "@" + Path.Combine(server.Sandbox.Directory, "nothing.txt")],
            "unknown module" => ["nosuch"],
            "directory" => [server.Sandbox.ModulesDirectory + "/"],
            "missing file" => [Path.Combine(server.Sandbox.Directory, "gone.wasm")],
            _ => [],
        };

        var result = await CallAsync(args);

        result.AssertOneLineError(exitCode);
        Assert.Empty(result.Stdout);
        if (what == "unknown module") Assert.Contains("no module named 'nosuch'", result.Stderr);
        if (what == "directory") Assert.Contains("is a directory", result.Stderr);
    }

    [Fact]
    public async Task Verbose_adds_the_exception_behind_the_one_line()
    {
        var quiet = await CallAsync("hello", "-d", "@" + server.Sandbox.Directory);
        var verbose = await CallAsync("hello", "-d", "@" + server.Sandbox.Directory, "--verbose");

        quiet.AssertOneLineError(1);
        Assert.Equal($"mik: -d @{server.Sandbox.Directory}: is a directory, not a regular file: not read", quiet.StderrLines[0]);
        Assert.Equal(1, verbose.ExitCode);
        Assert.Equal(quiet.StderrLines[0], verbose.StderrLines[0]);
        Assert.Contains("NotARegularFileException", verbose.Stderr);
        Assert.Contains("   at ", verbose.Stderr);
    }

    [Fact]
    public async Task A_file_that_is_not_wasm_answers_instantiate_failed()
    {
        var result = await CallAsync(Path.Combine(server.Sandbox.ModulesDirectory, "broken.wasm"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("HTTP/1.1 500 Internal Server Error\r\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("mik: instantiate_failed: Failed to instantiate: not a WebAssembly module", result.StderrLines[^1]);
    }

    [Fact]
    public async Task A_body_over_max_body_mb_is_refused_as_the_server_refuses_it()
    {
        var file = Path.Combine(server.Sandbox.Directory, "too-big.bin");
        await File.WriteAllBytesAsync(file, new byte[(1 << 20) + 1], Ct);

        var result = await CallAsync("echo", "-d", "@" + file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("HTTP/1.1 413 ", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("mik: body_too_large: the request body exceeds max_body_mb = 1", result.StderrLines[^1]);
    }

    private static (int Status, List<string> Headers, string Body) ParseHttp(string stdout)
    {
        var end = stdout.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, stdout);
        var lines = stdout[..end].Split("\r\n");
        return (int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), [.. lines[1..]], stdout[(end + 4)..]);
    }

    // mik's own error body, without its trace id (each run has its own).
    private static bool TryErrorBody(string body, out string? withoutTraceId)
    {
        withoutTraceId = null;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject error || !error.Remove("trace_id")) return false;
            withoutTraceId = error.ToJsonString();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
