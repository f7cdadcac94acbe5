namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// The bad-input catalogue's guest area (docs/reliability.md): guests that fail, run away or write hostile CGI output,
/// on one running <c>mik</c>. Most outputs come from <c>rawcgi</c>, which writes its request body as its output.
/// </summary>
public sealed class GuestCases(GuestServer server) : IClassFixture<GuestServer>
{
    private const string Area = "guest";
    private const string Text = "Content-Type: text/plain\n";

    private static BadInputRow<GuestServer> Run(string name, string input, string target, string expected, string error) =>
        new(new BadInputCase(Area, name, input, expected, error), (s, ct) => s.GetAsync(target, ct));

    private static BadInputRow<GuestServer> Output(string name, string input, string output, string expected, string error = "",
        Action<BadInputAnswer>? check = null) =>
        new(new BadInputCase(Area, name, input, expected, error), (s, ct) => s.OutputAsync(output, ct), check);

    internal static readonly IReadOnlyList<BadInputRow<GuestServer>> Rows =
    [
        Run("trap", "`trap`: `unreachable` in `_start`", "/run/trap/", "500", "handler_trap"),
        Run("infinite_loop", "`loop`: spins past `request_timeout_secs = 1`", "/run/loop/", "504", "handler_timeout"),
        Run("memory_exhaustion", "`memhog`: allocates until `max_memory_mb = 32` refuses", "/run/memhog/", "500", "memory_limit"),
        Run("huge_stdout", "`bigout?kb=70000`: 70 000 KiB of stdout, over the 64 MiB cap", "/run/bigout/?kb=70000", "500", "output_too_large"),
        Run("non_zero_exit", "`exit3`: a valid response, then `proc_exit(3)`", "/run/exit3/", "500", "handler_exit"),
        Run("no_blank_line", "`garbage`: `this is not cgi` with no header block", "/run/garbage/", "500", "invalid_handler_output"),
        Output("empty_output", "nothing on stdout", "", "500", "invalid_handler_output"),
        Output("headers_only_no_blank_line", "`Content-Type: text/plain` and no blank line", "Content-Type: text/plain\n", "500", "invalid_handler_output"),
        Run("status_non_numeric", "`Status: abc`", "/run/headers/?status=abc", "500", "invalid_handler_output"),
        Run("status_out_of_range", "`Status: 999`", "/run/headers/?status=999", "500", "invalid_handler_output"),
        Output("status_below_100", "`Status: 42`", "Status: 42\n" + Text + "\nbody\n", "500", "invalid_handler_output"),
        Output("status_without_reason", "`Status: 418` with no reason phrase (valid)", "Status: 418\n" + Text + "\nteapot\n", "418"),
        Output("status_100_continue", "`Status: 100 Continue` as the only answer (the client would wait for the final one)",
            "Status: 100 Continue\n" + Text + "\nbody\n", "500", "invalid_handler_output"),
        Output("status_101_switching", "`Status: 101 Switching Protocols` with no upgrade", "Status: 101 Switching Protocols\n" + Text + "\nbody\n",
            "500", "invalid_handler_output"),
        Output("status_204_with_body", "`Status: 204` and a body (the body is dropped)", "Status: 204\n" + Text + "\nbody\n", "204",
            check: a => Assert.Equal("", a.Body)),
        Output("status_205_with_body", "`Status: 205` and a body (the body is dropped)", "Status: 205\n" + Text + "\nbody\n", "205",
            check: a => Assert.Equal("", a.Body)),
        Output("status_negative", "`Status: -200`", "Status: -200\n" + Text + "\nbody\n", "500", "invalid_handler_output"),
        Output("cr_in_header_value", "`X-A: a\\rX-Injected: 1` (a CR meant to split the header)", Text + "X-A: a\rX-Injected: 1\n\nbody\n", "200",
            check: NotInjected),
        Output("crlf_in_header_value", "`X-A: a\\r\\nX-Injected: 1` (the guest's own second line)", Text + "X-A: a\r\nX-Injected: 1\n\nbody\n", "200",
            check: a => Assert.Equal("1", a.Header("X-Injected"))),
        Output("control_char_in_header_value", "`X-A: a\\u0001b` (a control character: the header is skipped)", Text + "X-A: a\u0001b\n\nbody\n", "200",
            check: a => Assert.False(a.HasHeader("X-A"), a.ToString())),
        Output("non_ascii_header_value", "`X-A: caf\\xe9` (a Latin-1 byte, not UTF-8)", Text + "X-A: caf\u00e9\n\nbody\n", "500", "invalid_handler_output"),
        Output("header_name_not_a_token", "`Bad Name: x` (space in the name: skipped)", Text + "Bad Name: x\n\nbody\n", "200",
            check: a => Assert.False(a.HasHeader("Bad Name"), a.ToString())),
        Output("headers_after_body", "a header line after the blank line stays body", Text + "\nbody\nX-Injected: 1\n", "200",
            check: a => { NotInjected(a); Assert.Equal("body\nX-Injected: 1\n", a.Body); }),
        Output("content_length_lie", "`Content-Length: 1000` with a 5-byte body", Text + "Content-Length: 1000\n\nbody\n", "200",
            check: a => { Assert.Equal("5", a.Header("Content-Length")); Assert.Equal("body\n", a.Body); }),
        Output("content_length_short", "`Content-Length: 1` with a 5-byte body", Text + "Content-Length: 1\n\nbody\n", "200",
            check: a => Assert.Equal("body\n", a.Body)),
        Output("transfer_encoding_from_guest", "`Transfer-Encoding: chunked` over a plain body", Text + "Transfer-Encoding: chunked\n\nbody\n", "200",
            check: a => Assert.Equal("body\n", a.Body)),
        Output("connection_from_guest", "`Connection: keep-alive, Upgrade` and `Upgrade: websocket`", Text + "Connection: keep-alive, Upgrade\nUpgrade: websocket\n\nbody\n", "200",
            check: a => Assert.False(a.HasHeader("Upgrade"), a.ToString())),
    ];

    public static IReadOnlyList<BadInputCase> Cases => [.. Rows.Select(r => r.Case)];

    public static TheoryData<string> Names => [.. Rows.Select(r => r.Case.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public Task Answers_as_catalogued(string name) =>
        BadInputAssert.RunAsync(Rows, name, server, server.Mik, (s, ct) => s.GetAsync("/run/hello/", ct), TestContext.Current.CancellationToken);

    private static void NotInjected(BadInputAnswer answer) => Assert.False(answer.HasHeader("X-Injected"), answer.ToString());
}
