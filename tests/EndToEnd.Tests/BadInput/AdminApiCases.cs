using System.Text;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// The bad-input catalogue's admin-api area (docs/reliability.md): auth variants, malformed parameters on every route,
/// hostile uploads and module names, on one running <c>mik</c> with an API key. Error codes are problem+json's
/// <c>error</c>, else its <c>title</c> and the parameters its <c>errors</c> name.
/// </summary>
public sealed class AdminApiCases(AdminApiServer server) : IClassFixture<AdminApiServer>
{
    private const string Area = "admin-api";
    private const string Key = AdminApiServer.Key;
    private const string Invalid = "invalid request";

    private static BadInputRow<AdminApiServer> Row(string name, string input, string method, string target, string expected, string error,
        string headers = "", Func<byte[]>? body = null, string? auth = null, byte[]? trickle = null, Action<BadInputAnswer>? check = null) =>
        new(new BadInputCase(Area, name, input, expected, error),
            (s, ct) => s.SendAsync(method, target, ct, headers, body?.Invoke(), auth, trickle), check);

    private static BadInputRow<AdminApiServer> Get(string name, string target, string expected, string error, string? auth = null,
        string? input = null) =>
        Row(name, input ?? $"`GET {target}`", "GET", target, expected, error, auth: auth);

    private static BadInputRow<AdminApiServer> Put(string name, string input, string target, string expected, string error,
        Func<byte[]>? body = null, string headers = "") =>
        Row(name, input, "PUT", target, expected, error, headers, body ?? Hello);

    internal static readonly IReadOnlyList<BadInputRow<AdminApiServer>> Rows =
    [
        Get("auth_no_key", "/modules", "401", "Unauthorized", auth: "", input: "`GET /modules` without `X-API-Key`"),
        Get("auth_wrong_key", "/modules", "403", "Forbidden", auth: "X-API-Key: wrong-key", input: "a wrong key"),
        Get("auth_empty_key", "/modules", "401", "Unauthorized", auth: "X-API-Key:", input: "an empty `X-API-Key`"),
        Get("auth_key_prefix", "/modules", "403", "Forbidden", auth: $"X-API-Key: {Key[..^1]}", input: "the key less its last character"),
        Get("auth_key_in_query", $"/modules?api_key={Key}", "401", "Unauthorized", auth: "", input: "the key in the query string only"),
        Get("auth_two_headers_wrong_first", "/modules", "403", "Forbidden", auth: $"X-API-Key: wrong\nX-API-Key: {Key}",
            input: "two `X-API-Key` headers, a wrong one and the key"),
        Get("auth_two_headers_both_right", "/modules", "403", "Forbidden", auth: $"X-API-Key: {Key}\nX-API-Key: {Key}",
            input: "two `X-API-Key` headers, both the key"),
        Get("auth_bearer", "/modules", "401", "Unauthorized", auth: $"Authorization: Bearer {Key}", input: "`Authorization: Bearer <key>` (not supported)"),
        Get("auth_header_lower_case", "/modules", "200", "", auth: $"x-api-key: {Key}", input: "`x-api-key` (header names are case-insensitive)"),
        Get("auth_unknown_route_no_key", "/no/such/route", "401", "Unauthorized", auth: "", input: "an unknown route without the key"),
        Get("audit_limit_not_a_number", "/audit?limit=abc", "400", $"{Invalid} (limit)"),
        Get("audit_limit_zero", "/audit?limit=0", "400", $"{Invalid} (limit)"),
        Get("audit_limit_too_big", "/audit?limit=1001", "400", $"{Invalid} (limit)"),
        Get("audit_limit_overflow", "/audit?limit=99999999999999999999", "400", $"{Invalid} (limit)"),
        Get("audit_after_garbage", "/audit?after=not-a-cursor", "400", $"{Invalid} (after)"),
        Get("audit_since_garbage", "/audit?since=yesterday", "400", $"{Invalid} (since)"),
        Get("audit_until_huge_age", "/audit?until=99999999999d", "400", $"{Invalid} (until)"),
        Get("audit_unknown_type", "/audit?type=NoSuchEvent", "400", $"{Invalid} (type)"),
        Get("audit_module_hostile", "/audit?module=..%2Fetc", "400", $"{Invalid} (module)"),
        Get("history_limit_negative", "/modules/hello/history?limit=-1", "400", $"{Invalid} (limit)"),
        Get("get_unknown_module", "/modules/nosuch", "404", "not found"),
        Row("rollback_bad_to", "`POST /modules/hello/rollback?to=zzz`", "POST", "/modules/hello/rollback?to=zzz", "400", $"{Invalid} (to)"),
        Row("rollback_unknown_version", "`to` a well-formed sha256 never deployed", "POST", "/modules/hello/rollback?to=" + new string('0', 64),
            "404", "version_not_kept"),
        Row("rollback_unknown_module", "`POST /modules/nosuch/rollback`", "POST", "/modules/nosuch/rollback", "404", "not found"),
        Row("delete_unknown_module", "`DELETE /modules/nosuch`", "DELETE", "/modules/nosuch", "404", "not found"),
        Row("delete_reason_too_long", "`DELETE /modules/hello?reason=` of 300 characters", "DELETE", "/modules/hello?reason=" + new string('r', 300),
            "400", $"{Invalid} (reason)"),
        Row("delete_reason_nul", "`DELETE /modules/hello?reason=a%00b` (PostgreSQL's jsonb refuses a NUL)", "DELETE", "/modules/hello?reason=a%00b",
            "400", $"{Invalid} (reason)"),
        Row("delete_reason_newline", "`DELETE /modules/hello?reason=a%0Ab%1B[2J` (control characters)", "DELETE", "/modules/hello?reason=a%0Ab%1B%5B2J",
            "400", $"{Invalid} (reason)"),
        Row("circuit_reset_unknown", "`POST /circuits/nosuch/reset`", "POST", "/circuits/nosuch/reset", "404", "not found"),
        Row("prune_bad_instance", "`POST /instances/prune?instance=a/b`", "POST", "/instances/prune?instance=a%2Fb", "400", $"{Invalid} (instance)"),
        Row("rebuild_unknown_projection", "`POST /state/rebuild?projection=nosuch`", "POST", "/state/rebuild?projection=nosuch", "400",
            $"{Invalid} (projection)"),
        Row("wrong_method", "`PATCH /modules/hello`", "PATCH", "/modules/hello", "405", "Method Not Allowed"),
        Put("upload_empty", "`PUT /modules/x` with an empty body", "/modules/x", "400", $"{Invalid} (body)", body: () => []),
        Put("upload_not_wasm", "`PUT /modules/x` with text", "/modules/x", "422", "invalid module", body: () => Encoding.ASCII.GetBytes("not wasm")),
        Put("upload_oversized_declared", "`Content-Length` 2 MiB over `max_module_mb = 1`, no body sent", "/modules/x", "400", $"{Invalid} (body)",
            body: () => [], headers: $"Content-Length: {2 * 1024 * 1024}"),
        Put("upload_oversized_chunked", "a 2 MiB chunked upload over `max_module_mb = 1`", "/modules/x", "400", $"{Invalid} (body)",
            body: () => RawExchange.Chunked(2 * 1024 * 1024), headers: "Transfer-Encoding: chunked"),
        Row("upload_slow", "`Content-Length: 1000`, 10 bytes, then one byte a second", "PUT", "/modules/x", "408", "request_body_timeout",
            "Content-Length: 1000", () => new byte[10], trickle: new byte[120]),
        Put("upload_malformed_chunk", "a chunked upload with chunk size `ZZZ`", "/modules/x", "400", "bad_request_body",
            body: () => Encoding.ASCII.GetBytes("ZZZ\r\nabc\r\n0\r\n\r\n"), headers: "Transfer-Encoding: chunked"),
        Put("upload_multipart", "`multipart/form-data` wrapping `hello.wasm` (the body is taken as the module)", "/modules/x", "422", "invalid module",
            body: Multipart, headers: "Content-Type: multipart/form-data; boundary=b0undary"),
        Put("upload_json_content_type", "`hello.wasm` sent as `Content-Type: application/json` (the type is ignored)", "/modules/typed", "201", "",
            headers: "Content-Type: application/json"),
        Put("name_dotdot", "`PUT /modules/..` (resolved to `/`: no such route)", "/modules/..", "404", "Not Found"),
        Put("name_encoded_dotdot", "`PUT /modules/%2e%2e` (decoded, then resolved like `..`)", "/modules/%2e%2e", "404", "Not Found"),
        Put("name_encoded_slash", "`PUT /modules/a%2Fb`", "/modules/a%2Fb", "400", $"{Invalid} (name)"),
        Put("name_nul", "`PUT /modules/a%00b`", "/modules/a%00b", "400", ""),
        Put("name_newline", "`PUT /modules/a%0Ab`", "/modules/a%0Ab", "400", $"{Invalid} (name)"),
        Put("name_too_long", "a 64-character name", "/modules/" + new string('a', 64), "400", $"{Invalid} (name)"),
        Put("name_unicode", "`PUT /modules/h%C3%A9llo`", "/modules/h%C3%A9llo", "400", $"{Invalid} (name)"),
        Put("name_wasm_suffix", "`PUT /modules/hello.wasm`", "/modules/hello.wasm", "400", $"{Invalid} (name)"),
        Put("name_reserved_rejected_stream", "`PUT /modules/_rejected` (the refusals' stream)", "/modules/_rejected", "400", $"{Invalid} (name)"),
        Put("name_upper_case", "`PUT /modules/Hello`", "/modules/Hello", "400", $"{Invalid} (name)"),
    ];

    public static IReadOnlyList<BadInputCase> Cases => [.. Rows.Select(r => r.Case)];

    public static TheoryData<string> Names => [.. Rows.Select(r => r.Case.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public Task Answers_as_catalogued(string name) =>
        BadInputAssert.RunAsync(Rows, name, server, server.Mik, (s, ct) => s.SendAsync("GET", "/modules", ct), TestContext.Current.CancellationToken);

    private static byte[] Hello() => File.ReadAllBytes(MikSandbox.GuestPath("hello"));

    private static byte[] Multipart() =>
    [
        .. Encoding.ASCII.GetBytes("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hello.wasm\"\r\n"
            + "Content-Type: application/wasm\r\n\r\n"),
        .. Hello(),
        .. Encoding.ASCII.GetBytes("\r\n--b0undary--\r\n"),
    ];
}
