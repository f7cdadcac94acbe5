using System.Net;
using System.Text.Json;
using Mik.Durable.Tests.Shared;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// <c>wasi:http/outgoing-handler</c> through the published binary: a component calls out only to the hosts its
/// <c>[modules.&lt;name&gt;] allowed_outbound_hosts</c> lists; any other call is <c>HTTP-request-denied</c> to the
/// guest and one WARN <c>outbound_denied</c> line (docs/components.md, Outgoing HTTP).
/// </summary>
public sealed class ComponentOutgoingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_component_calls_an_allowed_upstream_and_is_denied_any_other()
    {
        using var allowed = new TinyUpstream(status: 203);
        using var other = new TinyUpstream();
        using var sandbox = new MikSandbox(extraToml: $"""
            [modules.outgoing-http]
            allowed_outbound_hosts = ["http://{allowed.Authority}"]
            """);
        sandbox.AddModule("components/outgoing-http", "outgoing-http");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var relayed = await CallAsync(mik, allowed.Authority, "/run/outgoing-http/allowed");
        using var denied = await CallAsync(mik, other.Authority, "/run/outgoing-http/denied?token=secret-query");

        Assert.Equal((HttpStatusCode)203, relayed.StatusCode);
        Assert.Equal("upstream saw POST /upstream?from=guest: ping from guest", await relayed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadGateway, denied.StatusCode);
        Assert.Equal("HTTP-request-denied", await denied.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, other.Requests);

        var logs = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "outbound_denied")), "outbound_denied");
        var warning = Assert.Single(logs, l => l.Is("message", "outbound_denied"));
        Assert.True(warning.Is("level", "WARN"), warning.ToString());
        Assert.True(warning.Is("module", "outgoing-http"), warning.ToString());
        Assert.True(warning.Is("upstream", $"http://{other.Authority}"), warning.ToString());
        Assert.DoesNotContain("secret-query", warning.ToString());

        // The effective configuration shows the list as written.
        var config = JsonDocument.Parse(await mik.Admin.GetStringAsync("/config", Ct)).RootElement;
        var hosts = config.GetProperty("config").GetProperty("modules").GetProperty("outgoing-http").GetProperty("allowed_outbound_hosts");
        Assert.Equal([$"http://{allowed.Authority}"], hosts.EnumerateArray().Select(h => h.GetString()));
    }

    private static Task<HttpResponseMessage> CallAsync(MikProcess mik, string authority, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-authority", authority);
        return mik.Runtime.SendAsync(request, Ct);
    }
}
