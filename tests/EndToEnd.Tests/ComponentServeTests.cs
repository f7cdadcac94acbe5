using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// A <c>wasi:http</c> component in the modules folder is served by the published binary next to a WAGI module,
/// through the same request path (docs/components.md).
/// </summary>
public sealed class ComponentServeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wasi_http_component_in_the_modules_folder_answers_200_with_its_body_beside_a_wagi_module()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/hello-http", "hello-http");
        sandbox.AddModule("hello");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var component = await mik.Runtime.GetAsync("/run/hello-http/", Ct);
        using var wagi = await mik.Runtime.GetAsync("/run/hello/", Ct);

        Assert.Equal(HttpStatusCode.OK, component.StatusCode);
        Assert.Equal("Hello from a component\n", await component.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, wagi.StatusCode);
        Assert.Equal("Hello from mik\n", await wagi.Content.ReadAsStringAsync(Ct));
        var logs = await LogLines.WaitAsync(mik,
            l => l.Any(line => line.Is("message", "request_completed") && line.Is("path", "/run/hello-http/")),
            "request_completed of /run/hello-http/");
        var completed = Assert.Single(logs, l => l.Is("message", "request_completed") && l.Is("path", "/run/hello-http/"));
        Assert.Equal(200, completed.GetProperty("status").GetInt32());
        Assert.True(completed.Is("module", "hello-http"), completed.ToString());
    }

    [Fact]
    public async Task A_component_answers_with_the_status_and_header_it_set()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/status-headers", "status-headers");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var response = await mik.Runtime.GetAsync("/run/status-headers/", Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["component"], response.Headers.GetValues("x-mik"));
        Assert.Equal("created\n", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_component_reads_the_method_a_header_the_path_with_query_and_the_body_of_a_real_request()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/echo-http", "echo-http");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var request = new HttpRequestMessage(new HttpMethod("PURGE"), "/run/echo-http/a/b?x=1&y=%20");
        request.Headers.Add("X-Echo", "from the client");
        request.Content = new StringContent(" and a body");
        using var response = await mik.Runtime.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["PURGE"], response.Headers.GetValues("x-method"));
        Assert.Equal(["from the client"], response.Headers.GetValues("x-echo"));
        Assert.Equal("/run/echo-http/a/b?x=1&y=%20 and a body", await response.Content.ReadAsStringAsync(Ct));
    }
}
