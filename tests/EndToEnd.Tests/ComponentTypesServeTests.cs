using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// The rest of <c>wasi:http/types</c> through the published binary: a component sees how a real client came in
/// (scheme and authority) and builds its answer with <c>fields.from-list</c>, <c>skip</c>, <c>splice</c> and
/// <c>write-zeroes</c> (docs/components.md).
/// </summary>
public sealed class ComponentTypesServeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_component_sees_the_http_scheme_and_the_host_the_client_asked_for_and_splices_the_body()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/types-rest", "types-rest");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/run/types-rest/");
        request.Headers.Host = "components.example:8080";
        request.Content = new StringContent("..from the client");
        using var response = await mik.Runtime.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["1", "2"], response.Headers.GetValues("x-from-list"));
        Assert.Equal(["http"], response.Headers.GetValues("x-scheme"));
        Assert.Equal(["components.example:8080"], response.Headers.GetValues("x-authority"));
        Assert.Equal("from the client\0\0\0", await response.Content.ReadAsStringAsync(Ct));
    }
}
