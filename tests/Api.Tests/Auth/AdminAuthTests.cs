using System.Net;
using System.Text.Json;
using Mik.Durable.Api.Tests.Support;

namespace Mik.Durable.Api.Tests.Auth;

/// <summary>What the admin listener answers with <c>MIK_API_KEY</c> set (docs/operations.md).</summary>
[Collection(AuthHost.Collection)]
public sealed class AdminAuthTests
{
    private const string Key = "s3cret-admin-key";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_key_is_401_a_wrong_one_403_and_the_right_one_passes()
    {
        await using var host = await AuthHost.StartAsync(Key);
        var admin = host.Mik.Admin;

        using (var missing = await host.SendAsync(admin, AuthHost.AdminRoute, key: null))
        {
            await AssertProblemAsync(missing, HttpStatusCode.Unauthorized);
            Assert.Contains("X-API-Key", missing.Headers.WwwAuthenticate.ToString());
        }
        using (var empty = await host.SendAsync(admin, AuthHost.AdminRoute, key: ""))
            await AssertProblemAsync(empty, HttpStatusCode.Unauthorized);
        using (var wrong = await host.SendAsync(admin, AuthHost.AdminRoute, key: "not-the-key"))
            await AssertProblemAsync(wrong, HttpStatusCode.Forbidden);
        using (var prefix = await host.SendAsync(admin, AuthHost.AdminRoute, key: Key[..^1]))
            await AssertProblemAsync(prefix, HttpStatusCode.Forbidden);
        using (var longer = await host.SendAsync(admin, AuthHost.AdminRoute, key: Key + "x"))
            await AssertProblemAsync(longer, HttpStatusCode.Forbidden);

        using var right = await host.SendAsync(admin, AuthHost.AdminRoute, key: Key);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("admin ok", await right.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Health_and_metrics_need_no_key_but_every_other_admin_request_does()
    {
        await using var host = await AuthHost.StartAsync(Key);
        var admin = host.Mik.Admin;
        await host.Mik.ReadyAsync();

        foreach (var path in new[] { "/health", "/metrics", "/HEALTH" })
        {
            using var response = await host.SendAsync(admin, path, key: null);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
        }
        // Unknown routes too: without the key nobody learns which routes exist.
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/nothing-here"), (HttpMethod.Post, "/health"), (HttpMethod.Get, "/health/x") })
        {
            using var response = await host.SendAsync(admin, path, key: null, method: method);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var unknownWithKey = await host.SendAsync(admin, "/nothing-here", key: Key);
        Assert.Equal(HttpStatusCode.NotFound, unknownWithKey.StatusCode);
    }

    [Fact]
    public async Task The_runtime_listener_never_asks_for_the_key()
    {
        await using var host = await AuthHost.StartAsync(Key);
        var before = await host.FailuresAsync("missing_key");

        using var response = await host.SendAsync(host.Mik.Runtime, "/test/runtime", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await host.FailuresAsync("missing_key"));
    }

    [Fact]
    public async Task Without_a_key_the_loopback_admin_API_is_open()
    {
        await using var host = await AuthHost.StartAsync(apiKey: null);
        var before = await host.FailuresAsync("missing_key");

        using var response = await host.SendAsync(host.Mik.Admin, AuthHost.AdminRoute, key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await host.FailuresAsync("missing_key"));
    }

    [Fact]
    public async Task Without_a_key_a_host_built_with_a_non_loopback_admin_address_does_not_start()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => InProcessMik.StartAsync(c => c.Admin.Host = "0.0.0.0"));
        Assert.Contains("admin.host", e.GetBaseException().Message);
        Assert.Contains("MIK_API_KEY", e.GetBaseException().Message);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal((int)status, body.RootElement.GetProperty("status").GetInt32());
        Assert.True(body.RootElement.TryGetProperty("title", out _));
        Assert.Contains("X-API-Key", body.RootElement.GetProperty("detail").GetString());
    }
}
