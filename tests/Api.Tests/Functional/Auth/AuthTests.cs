using System.Net;
using System.Text.Json;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Auth;

/// <summary>The runbook's check of the admin API key, its audit trail and log lines, and the canary key kept out of both.</summary>
public sealed class AuthTests(MikFactory mik) : IClassFixture<MikFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_the_key_401_with_a_wrong_one_403_and_both_are_audited_and_logged()
    {
        using var anonymous = mik.Admin(key: "");
        using var wrong = mik.Admin(key: "not-the-key");
        using var admin = mik.Admin();

        using var missing = await anonymous.GetAsync("/instances", Ct);
        await ProblemAsync(missing, HttpStatusCode.Unauthorized);
        Assert.Contains("X-API-Key", missing.Headers.WwwAuthenticate.ToString());
        await ProblemAsync(await wrong.GetAsync("/instances", Ct), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/instances", Ct)).StatusCode);

        // The other test of this class refuses requests of its own, on other paths.
        var failures = await EventsAsync(admin, "type=AuthFailed", 2, e => Data(e, "path") == "/instances");
        Assert.Equal(["invalid_key", "missing_key"], failures.Select(e => Data(e, "reason")).Take(2));
        Assert.All(failures, e => Assert.Equal(("127.0.0.1", "GET", "/instances"), (Data(e, "remote_ip"), Data(e, "method"), Data(e, "path"))));

        var lines = (await AuditLogLinesAsync(2, "/instances")).Take(2).ToList();
        Assert.Equal(["missing_key", "invalid_key"], lines.Select(l => l.GetProperty("reason").GetString()));
        Assert.All(lines, l => Assert.Equal("127.0.0.1", l.GetProperty("remote_ip").GetString()));
    }

    [Fact]
    public async Task The_canary_key_appears_in_no_log_line_event_or_answer()
    {
        using var admin = mik.Admin();
        using var wrong = mik.Admin(key: MikFactory.ApiKey + "x");
        var answers = new List<string>();
        foreach (var path in new[] { "/config", "/audit?limit=1000", "/modules", "/cache", "/instances", "/circuits" })
            answers.Add(await (await admin.GetAsync(path, Ct)).Content.ReadAsStringAsync(Ct));
        answers.Add(await (await wrong.GetAsync("/config", Ct)).Content.ReadAsStringAsync(Ct));
        answers.Add(await (await admin.PutAsync("/modules/canary", new ByteArrayContent("junk"u8.ToArray()), Ct)).Content.ReadAsStringAsync(Ct));
        await AuditLogLinesAsync(1, "/config");

        Assert.All(answers, a => Assert.DoesNotContain(MikFactory.ApiKey, a));
        Assert.DoesNotContain(MikFactory.ApiKey, await (await admin.GetAsync("/audit?limit=1000", Ct)).Content.ReadAsStringAsync(Ct));
        foreach (var file in Directory.GetFiles(mik.Root, "mik*.log"))
            Assert.DoesNotContain(MikFactory.ApiKey, await ReadSharedAsync(file));
    }

    /// <summary>The <c>target:"audit"</c> auth lines for <paramref name="path"/> in the log file (flushed every second), oldest first.</summary>
    private async Task<List<JsonElement>> AuditLogLinesAsync(int count, string path)
    {
        for (var waited = 0; ; waited += 200)
        {
            var lines = new List<JsonElement>();
            foreach (var file in Directory.GetFiles(mik.Root, "mik*.log"))
            {
                foreach (var line in (await ReadSharedAsync(file)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var json = JsonDocument.Parse(line).RootElement.Clone();
                    if (json.GetProperty("target").GetString() == "audit" && json.GetProperty("message").GetString() == "auth_failure"
                        && json.GetProperty("path").GetString() == path)
                        lines.Add(json);
                }
            }
            if (lines.Count >= count || waited > 20_000) return lines;
            await Task.Delay(200, Ct);
        }
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }
}
