using System.Net;
using Mik.Durable.Tests.Shared;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// The C toolchain's c-outgoing (tests/guests/components/c/c-outgoing.c) calls the upstream named by its request's
/// <c>x-authority</c> through <c>wasi:http/outgoing-handler</c>, served by the published binary: a host listed in
/// the module's <c>allowed_outbound_hosts</c> is reached, any other is refused (docs/components.md).
/// </summary>
public sealed class ToolchainOutgoingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_allowed_call_relays_the_upstream_and_a_refused_one_is_502_HTTP_request_denied_without_a_connection()
    {
        using var allowed = new TinyUpstream(status: 203);
        using var other = new TinyUpstream();
        using var sandbox = new MikSandbox($"""
            [modules.c-outgoing]
            allowed_outbound_hosts = ["http://{allowed.Authority}"]
            """);
        sandbox.AddModule("components/c-outgoing", "c-outgoing");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var relayed = await CallAsync(mik, allowed.Authority);
        using var refused = await CallAsync(mik, other.Authority);

        var relayedBody = await relayed.Content.ReadAsStringAsync(Ct);
        Assert.True(relayed.StatusCode == HttpStatusCode.NonAuthoritativeInformation, relayedBody);
        Assert.Equal(["c"], relayed.Headers.GetValues("x-toolchain"));
        Assert.Equal("upstream saw GET /upstream?from=c: ", relayedBody);
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal("HTTP-request-denied", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, allowed.Requests);
        Assert.Equal(0, other.Requests);
        await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "outbound_denied") && line.Is("module", "c-outgoing")),
            "outbound_denied of c-outgoing");
    }

    private static async Task<HttpResponseMessage> CallAsync(MikProcess mik, string authority)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/run/c-outgoing/");
        request.Headers.Add("X-Authority", authority);
        return await mik.Runtime.SendAsync(request, Ct);
    }
}
