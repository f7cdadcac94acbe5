using System.Text;
using System.Text.Json;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// The bad-input catalogue's runtime-http area (docs/reliability.md): hostile HTTP to <c>/run/…</c> on one running
/// <c>mik</c>. Each row: the answer's status (or a closed connection) and error code, then a normal request succeeds.
/// </summary>
public sealed class RuntimeHttpCases(RuntimeHttpServer server) : IClassFixture<RuntimeHttpServer>
{
    private const string Area = "runtime-http";
    private const string Hello = "/run/hello/";
    private static readonly string ValidTrace = "00-" + new string('a', 32) + "-" + new string('b', 16) + "-01";

    private static BadInputCase Case(string name, string input, string expected, string error = "") => new(Area, name, input, expected, error);

    private static BadInputRow<RuntimeHttpServer> Get(string name, string input, string target, string expected, string error = "",
        string headers = "", Action<BadInputAnswer>? check = null) =>
        new(Case(name, input, expected, error), (s, ct) => s.GetAsync(target, ct, headers), check);

    private static BadInputRow<RuntimeHttpServer> Raw(string name, string input, string expected, string error, Func<byte[]> request,
        byte[]? trickle = null, Action<BadInputAnswer>? check = null) =>
        new(Case(name, input, expected, error), (s, ct) => s.SendAsync(request(), ct, trickle), check);

    internal static readonly IReadOnlyList<BadInputRow<RuntimeHttpServer>> Rows =
    [
        Get("dotdot_out_of_run", "`GET /run/hello/../../etc/passwd`", "/run/hello/../../etc/passwd", "404", "Not Found"),
        Get("dotdot_into_other_module", "`GET /run/nosuch/../hello/` (resolved before routing)", "/run/nosuch/../hello/", "200"),
        Get("encoded_dotdot", "`GET /run/%2e%2e/%2e%2e/etc/passwd`", "/run/%2e%2e/%2e%2e/etc/passwd", "404", "Not Found"),
        Get("encoded_slash_in_module", "`GET /run/hel%2flo/`", "/run/hel%2flo/", "404", "module_not_found"),
        Get("encoded_backslash_in_module", "`GET /run/..%5chello/`", "/run/..%5chello/", "404", "module_not_found"),
        Get("double_encoded_dotdot", "`GET /run/%252e%252e/hello/`", "/run/%252e%252e/hello/", "404", "module_not_found"),
        Get("encoded_nul_in_path", "`GET /run/hello/a%00b`", "/run/hello/a%00b", "400"),
        Get("invalid_utf8_in_path", "`GET /run/hello/%ff%fe`", "/run/hello/%ff%fe", "200"),
        Raw("raw_invalid_utf8_in_path", "request line with raw bytes 0xFF 0xFE in the path", "400", "",
            () => [.. Encoding.ASCII.GetBytes("GET /run/hello/"), 0xff, 0xfe, .. Encoding.ASCII.GetBytes(" HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")]),
        Get("invalid_utf8_in_query", "`GET /run/echo/?a=%ff%fe`", "/run/echo/?a=%ff%fe", "200"),
        Get("oversized_url", "a 16 KiB request target (Kestrel's line limit is 8 KiB)", "/run/hello/" + new string('a', 16 * 1024), "414"),
        Get("oversized_header", "one 40 KiB header (Kestrel's header limit is 32 KiB)", Hello, "431", headers: "X-Big: " + new string('a', 40 * 1024)),
        Get("too_many_headers", "150 headers (Kestrel's limit is 100)", Hello, "431",
            headers: string.Join('\n', Enumerable.Range(0, 150).Select(i => $"X-H{i}: {i}"))),
        Raw("body_over_max_body_declared", "`POST` with `Content-Length` 2 MiB over `max_body_mb = 1`, no body sent", "413", "body_too_large",
            () => RawExchange.Request("POST", "/run/echo/", $"Content-Length: {2 * 1024 * 1024}")),
        Raw("body_over_max_body_chunked", "`POST` of a 2 MiB chunked body over `max_body_mb = 1`", "413", "body_too_large",
            () => RawExchange.Request("POST", "/run/echo/", "Transfer-Encoding: chunked", RawExchange.Chunked(2 * 1024 * 1024))),
        Raw("slow_body", "`Content-Length: 1000`, 10 bytes, then one byte a second (slowloris)", "408", "request_body_timeout",
            () => RawExchange.Request("POST", "/run/echo/", "Content-Length: 1000", new byte[10]), trickle: new byte[120]),
        Raw("malformed_chunk_size", "chunked body with chunk size `ZZZ`", "400", "bad_request_body",
            () => RawExchange.Request("POST", "/run/echo/", "Transfer-Encoding: chunked", Encoding.ASCII.GetBytes("ZZZ\r\nabc\r\n0\r\n\r\n"))),
        Raw("chunk_longer_than_declared", "chunk declared 3 bytes, 10 sent", "400", "bad_request_body",
            () => RawExchange.Request("POST", "/run/echo/", "Transfer-Encoding: chunked", Encoding.ASCII.GetBytes("3\r\n0123456789\r\n0\r\n\r\n"))),
        Raw("content_length_and_chunked", "both `Content-Length: 5` and `Transfer-Encoding: chunked` (smuggling)", "200", "",
            () => RawExchange.Request("POST", "/run/echo/", "Content-Length: 5\nTransfer-Encoding: chunked", Encoding.ASCII.GetBytes("3\r\nabc\r\n0\r\n\r\n")),
            check: a => Assert.Contains("body_len=3", a.Body)),
        Raw("method_trace", "`TRACE /run/hello/`", "200", "", () => RawExchange.Request("TRACE", Hello)),
        Raw("method_connect", "`CONNECT /run/hello/`: a tunnel no handler can serve", "501", "method_not_supported",
            () => RawExchange.Request("CONNECT", Hello)),
        Raw("method_made_up", "`FROB /run/echo/`: the guest sees `REQUEST_METHOD=FROB`", "200", "", () => RawExchange.Request("FROB", "/run/echo/"),
            check: a => Assert.Contains("REQUEST_METHOD=FROB", a.Body)),
        Raw("method_lower_case", "`get /run/echo/`: a different method, passed as sent", "200", "", () => RawExchange.Request("get", "/run/echo/"),
            check: a => Assert.Contains("REQUEST_METHOD=get", a.Body)),
        Raw("method_invalid_token", "`GE(T /run/hello/`", "400", "", () => RawExchange.Request("GE(T", Hello)),
        Raw("http10_without_host", "`GET /run/hello/ HTTP/1.0` with no `Host`", "200", "",
            () => Encoding.ASCII.GetBytes("GET /run/hello/ HTTP/1.0\r\n\r\n")),
        Raw("http11_without_host", "`GET /run/hello/ HTTP/1.1` with no `Host`", "400", "",
            () => Encoding.ASCII.GetBytes("GET /run/hello/ HTTP/1.1\r\nConnection: close\r\n\r\n")),
        Raw("h2c_prior_knowledge", "the HTTP/2 connection preface on the HTTP/1.1 listener", "GOAWAY", "HTTP_1_1_REQUIRED",
            () => Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")),
        Get("upgrade_h2c", "`Upgrade: h2c` with `HTTP2-Settings`: ignored, answered in HTTP/1.1", Hello, "200",
            headers: "Connection: Upgrade, HTTP2-Settings\nUpgrade: h2c\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"),
        Get("traceparent_wrong_version", "`traceparent: ff-…` (version ff is forbidden)", "/run/nosuch/", "404", "module_not_found",
            "traceparent: ff-" + new string('a', 32) + "-" + new string('b', 16) + "-01", check: NewTrace),
        Get("traceparent_zero_ids", "`traceparent` with all-zero trace and span ids", "/run/nosuch/", "404", "module_not_found",
            "traceparent: 00-" + new string('0', 32) + "-" + new string('0', 16) + "-01", check: NewTrace),
        Get("traceparent_too_long", "`traceparent` of 4 KiB", "/run/nosuch/", "404", "module_not_found",
            "traceparent: " + ValidTrace + new string('c', 4096), check: NewTrace),
        Get("traceparent_valid", "a valid `traceparent` is continued (control row)", "/run/nosuch/", "404", "module_not_found",
            "traceparent: " + ValidTrace, check: a => Assert.Equal(new string('a', 32), Trace(a))),
        Get("unknown_module", "`GET /run/nosuch/`", "/run/nosuch/", "404", "module_not_found"),
        Get("module_name_upper_case", "`GET /run/HELLO/`", "/run/HELLO/", "404", "module_not_found"),
        Get("module_name_with_suffix", "`GET /run/hello.wasm/`", "/run/hello.wasm/", "404", "module_not_found"),
        Get("module_name_unicode", "`GET /run/h%C3%A9llo/`", "/run/h%C3%A9llo/", "404", "module_not_found"),
        Get("module_name_too_long", "a 200-character module name", "/run/" + new string('a', 200) + "/", "404", "module_not_found"),
        Get("module_name_leading_dash", "`GET /run/-hello/`", "/run/-hello/", "404", "module_not_found"),
    ];

    public static IReadOnlyList<BadInputCase> Cases => [.. Rows.Select(r => r.Case)];

    public static TheoryData<string> Names => [.. Rows.Select(r => r.Case.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public Task Answers_as_catalogued(string name) =>
        BadInputAssert.RunAsync(Rows, name, server, server.Mik, (s, ct) => s.GetAsync(Hello, ct), TestContext.Current.CancellationToken);

    private static string Trace(BadInputAnswer answer) => JsonDocument.Parse(answer.Body).RootElement.GetProperty("trace_id").GetString()!;

    // An invalid traceparent starts a trace of its own: a fresh, valid, non-zero id, never the one sent.
    private static void NewTrace(BadInputAnswer answer)
    {
        var trace = Trace(answer);
        Assert.Matches("^[0-9a-f]{32}$", trace);
        Assert.NotEqual(new string('0', 32), trace);
        Assert.NotEqual(new string('a', 32), trace);
    }
}
