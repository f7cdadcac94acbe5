using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>The admin API key (docs/operations.md) on the published binary.</summary>
public sealed class AdminAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_a_key_the_admin_API_may_listen_on_every_address_and_audits_each_refusal()
    {
        const string canary = "canary-0b5e21";
        using var sandbox = new MikSandbox();
        await OpenAdminAsync(sandbox);
        sandbox.Environment["MIK_API_KEY"] = "key-" + canary;
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using (var health = await mik.Admin.GetAsync("/health", Ct)) Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var missing = await mik.Admin.GetAsync("/instances", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/instances"))
        {
            wrong.Headers.Add("X-API-Key", "sent-" + canary);
            using var response = await mik.Admin.SendAsync(wrong, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain(canary, await response.Content.ReadAsStringAsync(Ct));
        }
        var metrics = await mik.Admin.GetStringAsync("/metrics", Ct);
        Assert.Equal(1, MetricsText.Value(metrics, "mik_auth_failures_total{reason=\"missing_key\"}"));
        Assert.Equal(1, MetricsText.Value(metrics, "mik_auth_failures_total{reason=\"invalid_key\"}"));

        mik.Signal(MikProcess.Sigterm);
        Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var audit = LogLines.Parse(mik.StdoutLines).Where(l => l.Is("target", "audit") && l.Is("message", "auth_failure")).ToList();
        Assert.Equal(2, audit.Count);
        Assert.True(audit[0].Is("reason", "missing_key") && audit[1].Is("reason", "invalid_key"));
        Assert.All(audit, l => Assert.True(l.Is("remote_ip", "127.0.0.1") && l.Is("method", "GET") && l.Is("path", "/instances")));
        Assert.DoesNotContain(canary, string.Join('\n', mik.StdoutLines));
        Assert.DoesNotContain(canary, mik.Stderr);
    }

    [Fact]
    public async Task Without_a_key_a_non_loopback_admin_address_stops_start_up()
    {
        using var sandbox = new MikSandbox();
        await OpenAdminAsync(sandbox);
        await using var mik = MikProcess.Start(sandbox);

        Assert.Equal(1, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("admin.host", mik.Stderr);
        Assert.Contains("MIK_API_KEY", mik.Stderr);
    }

    private static async Task OpenAdminAsync(MikSandbox sandbox)
    {
        var config = await File.ReadAllTextAsync(sandbox.ConfigPath, Ct);
        Assert.Contains("[admin]\n", config);
        await File.WriteAllTextAsync(sandbox.ConfigPath, config.Replace("[admin]\n", "[admin]\nhost = \"0.0.0.0\"\n"), Ct);
    }
}
