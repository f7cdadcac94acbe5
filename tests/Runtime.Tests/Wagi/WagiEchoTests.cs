using System.Text;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

/// <summary>What a real guest sees in argv, environ and stdin, through the managed WASI and through Wasmtime's WASI.</summary>
public sealed class WagiEchoTests(EngineFixture fixture) : IDisposable
{
    private readonly string _volume = Directory.CreateTempSubdirectory("mik-echo-").FullName;

    public void Dispose() => Directory.Delete(_volume, recursive: true);

    private WagiModuleSettings Settings(bool wasmtimeWasi, Dictionary<string, string>? env = null) => new()
    {
        Env = env ?? [],
        Volumes = wasmtimeWasi ? [new GuestVolume("/data", _volume, Writable: false)] : [],
    };

    private EchoGuest.Output Echo(WagiRequest request, bool wasmtimeWasi, Dictionary<string, string>? env = null)
    {
        using var result = GuestHost.Run(fixture.Engine, EchoGuest.Wat, request, Settings(wasmtimeWasi, env));
        Assert.True(result.Succeeded, result.Failure?.Message);
        var output = EchoGuest.Parse(result.Response!.Body);
        Assert.Equal(output.Env.Count, output.Env.Select(e => e.Key).Distinct().Count());
        return output;
    }

    /// <summary>The upstream oracle of docs/wagi.md (WAGI's http_util::test_headers), under mik's route.</summary>
    private static WagiRequest Oracle() => new()
    {
        Method = "POST",
        Scheme = "https",
        Host = "example.com:3000",
        RawPath = "/path/test%3brun",
        RawQuery = "foo=bar",
        RoutePrefix = "/path",
        Headers =
        [
            new("X-Test-Header", "hello"), new("Accept", "text/html"), new("User-agent", "test"),
            new("Host", "example.com:3000"), new("Authorization", "supersecret"), new("Connection", "sensitive"),
        ],
        Body = new byte[1234],
        RemoteIp = "192.168.0.1",
        Protocol = "HTTP/1.1",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_upstream_oracle_request_gives_every_variable_its_exact_value(bool wasmtimeWasi)
    {
        var env = Echo(Oracle(), wasmtimeWasi);

        var expected = new Dictionary<string, string>
        {
            ["X_MATCHED_ROUTE"] = "/path/...", ["HTTP_ACCEPT"] = "text/html", ["REQUEST_METHOD"] = "POST",
            ["SERVER_PROTOCOL"] = "HTTP/1.1", ["HTTP_USER_AGENT"] = "test", ["SCRIPT_NAME"] = "/path",
            ["SERVER_SOFTWARE"] = "WAGI/1", ["SERVER_PORT"] = "3000", ["SERVER_NAME"] = "example.com",
            ["AUTH_TYPE"] = "", ["REMOTE_ADDR"] = "192.168.0.1", ["REMOTE_HOST"] = "192.168.0.1",
            ["PATH_INFO"] = "/test;run", ["PATH_TRANSLATED"] = "/test;run", ["X_RAW_PATH_INFO"] = "/test%3brun",
            ["QUERY_STRING"] = "foo=bar", ["CONTENT_LENGTH"] = "1234", ["CONTENT_TYPE"] = "",
            ["HTTP_HOST"] = "example.com:3000", ["GATEWAY_INTERFACE"] = "CGI/1.1", ["REMOTE_USER"] = "",
            ["X_FULL_URL"] = "https://example.com:3000/path/test%3brun?foo=bar", ["HTTP_X_TEST_HEADER"] = "hello",
        };
        Assert.Equal(expected.OrderBy(e => e.Key), env.Env.OrderBy(e => e.Key));
        Assert.False(env.Has("HTTP_AUTHORIZATION"));
        Assert.False(env.Has("HTTP_CONNECTION"));
        Assert.Equal(["/path/test%3brun", "foo=bar"], env.Args);
        Assert.Equal(1234, env.Body.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_documented_worked_example_gives_its_argv_and_variables(bool wasmtimeWasi)
    {
        var request = new WagiRequest
        {
            Method = "GET", RawPath = "/env/foo", RawQuery = "greet=matt&foo=bar", RoutePrefix = "/env",
            Host = "foo.example.com", Headers = [new("HOST", "foo.example.com")], RemoteIp = "127.0.0.1",
        };

        var env = Echo(request, wasmtimeWasi);

        Assert.Equal(["/env/foo", "greet=matt", "foo=bar"], env.Args);
        Assert.Equal("/env/...", env["X_MATCHED_ROUTE"]);
        Assert.Equal("/env", env["SCRIPT_NAME"]);
        Assert.Equal("/foo", env["PATH_INFO"]);
        Assert.Equal("greet=matt&foo=bar", env["QUERY_STRING"]);
        Assert.Equal("foo.example.com", env["SERVER_NAME"]);
        Assert.Equal("3000", env["SERVER_PORT"]);
        Assert.Equal("foo.example.com", env["HTTP_HOST"]);
        Assert.Equal("GET", env["REQUEST_METHOD"]);
        Assert.Equal("0", env["CONTENT_LENGTH"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_mik_route_with_a_body_gives_the_guest_the_body_the_content_type_and_the_route_variables(bool wasmtimeWasi)
    {
        var request = new WagiRequest
        {
            Method = "PUT", RawPath = "/run/echo/a%20b/c", RawQuery = "x=1&&y=%2F", RoutePrefix = "/run/echo",
            Host = "api.local:8080",
            Headers = [new("Content-Type", "application/json"), new("X-Dup", "first"), new("X-Dup", "second")],
            Body = Encoding.UTF8.GetBytes("{\"hello\":\"wörld\"}\r\n"), RemoteIp = "10.0.0.7", Protocol = "HTTP/2",
        };

        var env = Echo(request, wasmtimeWasi, new Dictionary<string, string> { ["GREETING"] = "hi", ["SERVER_NAME"] = "spoofed" });

        Assert.Equal(["/run/echo/a%20b/c", "x=1", "", "y=%2F"], env.Args);
        Assert.Equal("{\"hello\":\"wörld\"}\r\n", env.Body);
        Assert.Equal("20", env["CONTENT_LENGTH"]); // ö is two bytes
        Assert.Equal("application/json", env["CONTENT_TYPE"]);
        Assert.Equal("application/json", env["HTTP_CONTENT_TYPE"]);
        Assert.Equal("/run/echo/...", env["X_MATCHED_ROUTE"]);
        Assert.Equal("/run/echo", env["SCRIPT_NAME"]);
        Assert.Equal("/a%20b/c", env["X_RAW_PATH_INFO"]);
        Assert.Equal("/a b/c", env["PATH_INFO"]);
        Assert.Equal("http://api.local:8080/run/echo/a%20b/c?x=1&&y=%2F", env["X_FULL_URL"]);
        Assert.Equal("second", env["HTTP_X_DUP"]);
        Assert.Equal("HTTP/2", env["SERVER_PROTOCOL"]);
        Assert.Equal("hi", env["GREETING"]);
        Assert.Equal("api.local", env["SERVER_NAME"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_module_route_without_a_trailing_slash_has_an_empty_path_info(bool wasmtimeWasi)
    {
        var env = Echo(GuestHost.Get("/run/test"), wasmtimeWasi);

        Assert.Equal(["/run/test"], env.Args);
        Assert.Equal("", env["PATH_INFO"]);
        Assert.Equal("", env["X_RAW_PATH_INFO"]);
        Assert.Equal("/run/test", env["SCRIPT_NAME"]);
        Assert.Equal("", env["QUERY_STRING"]);
        Assert.Equal("", env.Body);
    }
}
