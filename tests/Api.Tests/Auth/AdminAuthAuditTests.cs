using System.Text.Json;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.AuthFailures;

namespace Mik.Durable.Api.Tests.Auth;

/// <summary>Every refused admin request leaves an <c>AuthFailed</c> event, an audit log line and a count, never the key.</summary>
[Collection(AuthHost.Collection)]
public sealed class AdminAuthAuditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_failure_is_an_AuthFailed_event_an_audit_log_line_and_a_count()
    {
        await using var host = await AuthHost.StartAsync("right-key");
        var admin = host.Mik.Admin;
        var before = DateTimeOffset.UtcNow;
        var (missingBefore, invalidBefore) = (await host.FailuresAsync("missing_key"), await host.FailuresAsync("invalid_key"));

        (await host.SendAsync(admin, "/test/admin?token=abc", key: null, userAgent: "probe/1.0")).Dispose();
        (await host.SendAsync(admin, "/test/admin", key: "wrong-key", userAgent: new string('u', 1000), method: HttpMethod.Delete)).Dispose();
        (await host.SendAsync(admin, "/" + new string('p', 1000), key: "wrong-key")).Dispose();

        await host.StoredEventsAsync(3);
        var stored = await host.StoredFailuresAsync();
        Assert.Equal(3, stored.Count);
        Assert.Equal([AuthFailureReasons.MissingKey, AuthFailureReasons.InvalidKey, AuthFailureReasons.InvalidKey], stored.Select(f => f.Reason));
        Assert.All(stored, f => Assert.Equal("127.0.0.1", f.RemoteIp));
        Assert.All(stored, f => Assert.InRange(f.At, before.AddSeconds(-1), DateTimeOffset.UtcNow));
        Assert.All(stored, f => Assert.Equal(AuditStreams.Auth(f.At), f.Stream));
        // The query string is not recorded: it is where a confused client would put the key.
        Assert.Equal(("GET", "/test/admin", "probe/1.0"), (stored[0].Method, stored[0].Path, stored[0].UserAgent));
        Assert.Equal(("DELETE", "/test/admin", new string('u', 256)), (stored[1].Method, stored[1].Path, stored[1].UserAgent));
        Assert.Equal("/" + new string('p', 255), stored[2].Path);

        var audit = host.Log.Lines.Where(l => l.GetProperty("message").GetString() == "auth_failure").ToList();
        Assert.Equal(3, audit.Count);
        Assert.All(audit, l =>
        {
            Assert.Equal("audit", l.GetProperty("target").GetString());
            Assert.Equal("WARN", l.GetProperty("level").GetString());
            Assert.Equal("127.0.0.1", l.GetProperty("remote_ip").GetString());
        });
        Assert.Equal(["missing_key", "invalid_key", "invalid_key"], audit.Select(l => l.GetProperty("reason").GetString()));
        Assert.Equal(["GET", "DELETE", "GET"], audit.Select(l => l.GetProperty("method").GetString()));
        Assert.Equal("/test/admin", audit[0].GetProperty("path").GetString());

        Assert.Equal(missingBefore + 1, await host.FailuresAsync("missing_key"));
        Assert.Equal(invalidBefore + 2, await host.FailuresAsync("invalid_key"));
    }

    [Fact]
    public async Task A_burst_of_failures_is_recorded_one_by_one()
    {
        await using var host = await AuthHost.StartAsync("right-key");
        var before = await host.FailuresAsync("invalid_key");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            (await host.SendAsync(host.Mik.Admin, "/burst/" + i, key: "wrong")).Dispose()));

        var events = await host.StoredEventsAsync(50);
        Assert.Equal(50, events.Count(e => e.Type == "auth_failed"));
        Assert.Equal(before + 50, await host.FailuresAsync("invalid_key"));
    }

    [Fact]
    public async Task Neither_the_key_nor_a_wrong_one_sent_appears_in_responses_logs_or_events()
    {
        const string canary = "canary-4d1e7b";
        var key = "key-" + canary;
        var sent = "sent-" + canary;
        await using var host = await AuthHost.StartAsync(key);
        var seen = new List<string>();

        foreach (var (path, header) in new[] { ("/test/admin", sent), ("/test/admin", null), ("/test/admin", key), ("/nothing", sent), ("/health", sent) })
        {
            using var response = await host.SendAsync(host.Mik.Admin, path, header);
            seen.Add(response.Headers + "\n" + response.Content.Headers + "\n" + await response.Content.ReadAsStringAsync(Ct));
        }
        seen.Add(await host.Mik.Admin.GetStringAsync("/metrics", Ct));

        var events = await host.StoredEventsAsync(3);
        seen.AddRange(events.Select(e => e.Stream + " " + e.Data));
        seen.Add(host.Log.Text);
        Assert.All(events.Where(e => e.Type == "auth_failed"), e =>
            Assert.False(JsonDocument.Parse(e.Data).RootElement.TryGetProperty("key", out _)));
        Assert.DoesNotContain(seen, s => s.Contains(canary, StringComparison.Ordinal));
    }
}
