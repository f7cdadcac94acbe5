using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Mik.Durable.Tests.Shared;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// <c>wasi:http/outgoing-handler</c> is a security boundary: the outgoing-http guest calls the upstream named by its
/// request's <c>x-authority</c> header and relays the answer, or answers 502 with the <c>error-code</c> it got.
/// </summary>
public sealed class OutgoingHttpComponentTests(EngineFixture fixture) : IDisposable
{
    private static readonly byte[] OutgoingHttp =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", "outgoing-http.wasm"));

    private readonly RecordingLogger _log = new();
    private OutboundHttp Http => field ??= new OutboundHttp(_log);

    [Fact]
    public void A_call_to_an_allowed_host_is_relayed_with_the_upstreams_status_and_body()
    {
        using var upstream = new TinyUpstream(status: 203);

        var response = Serve(upstream.Authority, [$"http://{upstream.Authority}"]);

        Assert.Null(response.Failure);
        Assert.Equal(203, response.Status);
        Assert.Equal("upstream saw POST /upstream?from=guest: ping from guest", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Empty(_log.Named("outbound_denied"));
    }

    [Fact]
    public void A_guest_calling_a_refused_host_again_and_again_is_logged_once_per_request_and_upstream()
    {
        using var outbound = new OutboundContext(Http, "outgoing-http", [], TimeSpan.FromSeconds(30));
        HttpOutgoingRequest To(string authority) => new(new HttpFields()) { Scheme = "http", Authority = authority, PathWithQuery = "/x" };

        for (var i = 0; i < 100; i++)
            Assert.Equal(OutgoingError.Denied, OutgoingRequests.Send(outbound, To("127.0.0.1:1"), null).Error?.Case);
        OutgoingRequests.Send(outbound, To("example.invalid"), null);

        Assert.Equal(["http://127.0.0.1:1", "http://example.invalid"], _log.Named("outbound_denied").Select(e => e["upstream"]));
    }

    [Fact]
    public void A_host_not_listed_is_denied_at_once_with_a_warning_and_no_connection()
    {
        using var upstream = new TinyUpstream();

        var response = Serve(upstream.Authority, ["http://127.0.0.1:1", "https://api.example.com"]);

        Assert.Null(response.Failure);
        Assert.Equal(502, response.Status);
        Assert.Equal("HTTP-request-denied", Encoding.UTF8.GetString(response.Body.Span));
        var denied = Assert.Single(_log.Entries, e => e.Message == "outbound_denied");
        Assert.Equal(LogLevel.Warning, denied.Level);
        Assert.Equal("outgoing-http", denied.Fields["module"]);
        // Scheme and authority only: never the path or query the guest asked for.
        Assert.Equal($"http://{upstream.Authority}", denied.Fields["upstream"]);
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public void Without_allowed_outbound_hosts_every_call_is_denied()
    {
        using var upstream = new TinyUpstream();

        var response = Serve(upstream.Authority, []);

        Assert.Equal(502, response.Status);
        Assert.Equal("HTTP-request-denied", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Single(_log.Named("outbound_denied"));
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public void A_wildcard_port_allows_any_port_of_the_host()
    {
        using var upstream = new TinyUpstream();

        var response = Serve(upstream.Authority, ["http://127.0.0.1:*"]);

        Assert.Equal(200, response.Status);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public void An_upstream_that_never_answers_ends_at_the_guests_first_byte_timeout_as_connection_read_timeout()
    {
        using var upstream = new TinyUpstream(silent: true);

        var response = Serve(upstream.Authority, [$"http://{upstream.Authority}"], firstByteTimeout: true);

        Assert.Null(response.Failure);
        Assert.Equal(502, response.Status);
        Assert.Equal("connection-read-timeout", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void An_upstream_that_never_answers_holds_the_guest_no_longer_than_its_handler_timeout()
    {
        using var upstream = new TinyUpstream(silent: true);

        var response = Serve(upstream.Authority, [$"http://{upstream.Authority}"], timeout: TimeSpan.FromSeconds(2));

        // The call ends at the deadline as connection-read-timeout: the guest answers 502 with it, unless the epoch's
        // interrupt (the handler's own timeout) stops it first. Either way it never hangs and never traps.
        var answered = response.Failure is null && response.Status == 502
            && Encoding.UTF8.GetString(response.Body.Span) == "connection-read-timeout";
        Assert.True(answered || response.FailureKind == WagiFailureKind.HandlerTimeout, response.Failure ?? $"{response.Status}");
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public void A_refused_connection_is_connection_refused()
    {
        var port = ClosedPort();

        var response = Serve($"127.0.0.1:{port}", [$"http://127.0.0.1:{port}"]);

        Assert.Equal(502, response.Status);
        Assert.Equal("connection-refused", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void A_name_that_does_not_resolve_is_a_dns_error()
    {
        var response = Serve("no-such-host.invalid", ["http://*.invalid"]);

        Assert.Equal(502, response.Status);
        Assert.Equal("DNS-error", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void A_request_body_dropped_unfinished_fails_the_call_at_once_instead_of_waiting_for_the_deadline()
    {
        using var upstream = new TinyUpstream();
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "guests", "components", "outgoing-http.wat"));
        const string finish = "(call $body-finish (local.get $out-body) (i32.const 0) (i32.const 0) (i32.const 0x1a0))";
        Assert.Contains(finish, text);

        var response = Serve(upstream.Authority, [$"http://{upstream.Authority}"],
            wat: text.Replace(finish, "(call $out-body-drop (local.get $out-body))", StringComparison.Ordinal));

        // Waiting for the body would have ended at the 30 s deadline as connection-read-timeout.
        Assert.Null(response.Failure);
        Assert.Equal(502, response.Status);
        Assert.Equal("internal-error", Encoding.UTF8.GetString(response.Body.Span));
    }

    public void Dispose() => Http.Dispose();

    private HttpComponentResponse Serve(string authority, string[] allowed, bool firstByteTimeout = false, TimeSpan? timeout = null,
        string? wat = null)
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = wat is null
            ? HttpComponent.Compile(engine.NativeEngine, "outgoing-http", OutgoingHttp)
            : HttpComponent.CompileText(engine.NativeEngine, "outgoing-http", wat);
        var headers = new HttpFields();
        headers.Entries.Add(new("x-authority", Encoding.ASCII.GetBytes(authority)));
        if (firstByteTimeout) headers.Entries.Add(new("x-timeout", "1"u8.ToArray()));
        var budget = timeout ?? TimeSpan.FromSeconds(30);
        var patterns = allowed.Select(entry => OutboundHostPattern.Parse(entry, out _)!).ToList();
        return HttpComponentRunner.Run(engine, linker, component, new HttpIncomingRequest("GET", "/run/outgoing-http/", headers),
            budget, 16L * 1024 * 1024, long.MaxValue, outbound: new OutboundContext(Http, "outgoing-http", patterns, budget));
    }

    // A port nothing listens on: bound, then released.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
