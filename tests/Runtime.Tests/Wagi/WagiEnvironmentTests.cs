using System.Text;
using Mik.Durable.Runtime.Wagi;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

public sealed class WagiEnvironmentTests
{
    private static WagiRequest Request(string rawPath = "/run/m/rest", string? host = "example.com:8080",
        string defaultHost = "localhost:3000", params (string, string)[] headers) => new()
    {
        Method = "GET",
        RawPath = rawPath,
        RoutePrefix = "/run/m",
        Host = host,
        DefaultHost = defaultHost,
        Headers = headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)).ToList(),
        RemoteIp = "203.0.113.9",
    };

    private static Dictionary<string, string> Build(WagiRequest request, Dictionary<string, string>? moduleEnv = null)
    {
        var env = WagiEnvironment.Build(request, moduleEnv);
        Assert.Equal(env.Count, env.Select(e => e.Key).Distinct().Count());
        return env.ToDictionary();
    }

    [Fact]
    public void Every_cgi_variable_is_set_even_when_empty()
    {
        var env = Build(Request(headers: []));

        string[] always =
        [
            "AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "X_FULL_URL", "GATEWAY_INTERFACE", "X_MATCHED_ROUTE",
            "QUERY_STRING", "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_USER", "REQUEST_METHOD", "SCRIPT_NAME",
            "X_RAW_PATH_INFO", "PATH_INFO", "PATH_TRANSLATED", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL",
            "SERVER_SOFTWARE",
        ];
        Assert.Equal(always.Order(), env.Keys.Order());
        Assert.Equal("0", env["CONTENT_LENGTH"]);
        Assert.Equal("", env["CONTENT_TYPE"]);
        Assert.Equal("203.0.113.9", env["REMOTE_ADDR"]);
        Assert.Equal("203.0.113.9", env["REMOTE_HOST"]);
    }

    [Theory]
    [InlineData("/run/m", "", "")]
    [InlineData("/run/m/", "/", "/")]
    [InlineData("/run/m/a/b", "/a/b", "/a/b")]
    [InlineData("/run/m/test%3brun", "/test%3brun", "/test;run")]
    [InlineData("/run/m/caf%C3%A9%2Fx", "/caf%C3%A9%2Fx", "/café/x")]
    public void Path_info_is_the_rest_after_the_module_route_raw_and_decoded(string rawPath, string raw, string decoded)
    {
        var env = Build(Request(rawPath));

        Assert.Equal(raw, env["X_RAW_PATH_INFO"]);
        Assert.Equal(decoded, env["PATH_INFO"]);
        Assert.Equal(decoded, env["PATH_TRANSLATED"]);
        Assert.Equal("/run/m", env["SCRIPT_NAME"]);
        Assert.Equal("/run/m/...", env["X_MATCHED_ROUTE"]);
    }

    [Theory]
    [InlineData("example.com:8080", "localhost:3000", "example.com", "8080")]
    [InlineData("wagi.net", "example.com:1234", "wagi.net", "1234")]
    [InlineData(null, "localhost:3000", "localhost", "3000")]
    [InlineData(null, "", "localhost", "80")]
    [InlineData("[::1]:9000", "localhost:3000", "[::1]", "9000")]
    [InlineData("[::1]", "localhost:3000", "[::1]", "3000")]
    public void Server_name_and_port_come_from_the_host_header_then_the_default_host(
        string? host, string defaultHost, string name, string port)
    {
        var env = Build(Request(host: host, defaultHost: defaultHost));

        Assert.Equal(name, env["SERVER_NAME"]);
        Assert.Equal(port, env["SERVER_PORT"]);
        Assert.Equal($"http://{name}:{port}/run/m/rest", env["X_FULL_URL"]);
    }

    [Fact]
    public void Headers_become_http_variables_last_duplicate_wins_and_credentials_are_never_passed()
    {
        var env = Build(Request(headers:
        [
            ("X-Request-Id", "1"), ("x-request-id", "2"), ("Authorization", "Bearer secret"),
            ("Connection", "keep-alive"), ("Accept-Language", "en"), ("Content-Type", "text/csv"),
        ]));

        Assert.Equal("2", env["HTTP_X_REQUEST_ID"]);
        Assert.Equal("en", env["HTTP_ACCEPT_LANGUAGE"]);
        Assert.Equal("text/csv", env["HTTP_CONTENT_TYPE"]);
        Assert.Equal("text/csv", env["CONTENT_TYPE"]);
        Assert.DoesNotContain("HTTP_AUTHORIZATION", env.Keys);
        Assert.DoesNotContain("HTTP_CONNECTION", env.Keys);
        Assert.DoesNotContain(env.Values, v => v.Contains("secret"));
    }

    [Fact]
    public void A_header_value_that_is_not_visible_ascii_is_passed_as_corrupt_value()
    {
        var env = Build(Request(headers: [("X-Name", "Jürgen"), ("X-Tab", "a\tb")]));

        Assert.Equal("CORRUPT VALUE", env["HTTP_X_NAME"]);
        Assert.Equal("a\tb", env["HTTP_X_TAB"]);
    }

    [Fact]
    public void Module_env_comes_first_and_request_variables_overwrite_it()
    {
        var moduleEnv = new Dictionary<string, string> { ["APP_MODE"] = "prod", ["REQUEST_METHOD"] = "FAKE", ["HTTP_X_A"] = "module" };

        var env = WagiEnvironment.Build(Request(headers: [("X-A", "client")]), moduleEnv);

        Assert.Equal("APP_MODE", env[0].Key);
        var map = env.ToDictionary();
        Assert.Equal("prod", map["APP_MODE"]);
        Assert.Equal("GET", map["REQUEST_METHOD"]);
        Assert.Equal("client", map["HTTP_X_A"]);
    }

    [Fact]
    public void Content_length_is_the_body_length_in_bytes()
    {
        var request = new WagiRequest
        {
            Method = "POST", RawPath = "/run/m", RoutePrefix = "/run/m", Body = Encoding.UTF8.GetBytes("héllo"),
        };

        Assert.Equal("6", Build(request)["CONTENT_LENGTH"]);
    }

    [Fact]
    public void The_query_is_passed_raw_and_the_full_url_keeps_it()
    {
        var request = new WagiRequest
        {
            Method = "GET", Scheme = "https", Host = "h:1", RawPath = "/run/m/x", RawQuery = "a=%20&b=c+d", RoutePrefix = "/run/m",
        };

        var env = Build(request);

        Assert.Equal("a=%20&b=c+d", env["QUERY_STRING"]);
        Assert.Equal("https://h:1/run/m/x?a=%20&b=c+d", env["X_FULL_URL"]);
    }
}
