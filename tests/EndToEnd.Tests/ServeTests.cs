using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>The built <c>mik</c> binary, over real HTTP.</summary>
public sealed class ServeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_no_database_url_mik_runs_its_own_PostgreSQL_and_stops_it_on_SIGTERM()
    {
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        Assert.Equal("mik", (await File.ReadAllTextAsync($"/proc/{mik.Pid}/comm", Ct)).Trim());
        foreach (var client in new[] { mik.Runtime, mik.Admin })
        {
            var health = await client.GetFromJsonAsync<JsonElement>("/health", Ct);
            Assert.Equal("ready", health.GetProperty("status").GetString());
        }
        string? eventStore = null;
        for (var i = 0; i < 300 && eventStore != "ok"; i++)
        {
            eventStore = (await mik.Runtime.GetFromJsonAsync<JsonElement>("/health", Ct)).GetProperty("event_store").GetString();
            if (eventStore != "ok") await Task.Delay(100, Ct);
        }
        Assert.Equal("ok", eventStore);
        var pidFile = Path.Combine(sandbox.Directory, "state", "pg", "data", "postmaster.pid");
        Assert.True(File.Exists(pidFile));

        mik.Signal(MikProcess.Sigterm);
        Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.False(File.Exists(pidFile), "the embedded PostgreSQL is still running after mik exited");
        var logs = LogLines.Parse(mik.StdoutLines);
        Assert.Contains(logs, l => l.Is("message", "server_draining"));
        Assert.Contains(logs, l => l.Is("message", "embedded_postgres_stopped"));
        // PostgreSQL's own share of the start, apart from mik's: initdb on this first start, then the postmaster's start.
        foreach (var message in new[] { "embedded_postgres_initialized", "embedded_postgres_started" })
        {
            var line = Assert.Single(logs, l => l.Is("message", message));
            Assert.True(line.GetProperty("duration_ms").GetDouble() > 0, $"{message} says how long it took: {line}");
        }
    }

    [Fact]
    public async Task A_bad_port_in_the_config_stops_start_up_naming_the_key()
    {
        using var sandbox = new MikSandbox();
        await File.WriteAllTextAsync(sandbox.ConfigPath, "[server]\nport = \"abc\"\n", Ct);
        await using var mik = MikProcess.Start(sandbox);

        Assert.NotEqual(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("server.port", mik.Stderr);
        Assert.Contains("\"abc\"", mik.Stderr);
    }

    [Fact]
    public async Task An_unknown_key_is_a_warning_naming_it_and_mik_still_starts()
    {
        using var sandbox = new MikSandbox("[logging]\nlevl = \"debug\"");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        var warning = Assert.Single(LogLines.Parse(mik.StdoutLines), l => l.Is("level", "WARN") && l.Is("target", "mik::config"));
        Assert.Contains("logging.levl", warning.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Every_request_ends_with_a_request_completed_line_carrying_the_callers_trace()
    {
        using var sandbox = new MikSandbox();
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/run/nothing-here/x");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        using var response = await mik.Runtime.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var logs = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "request_completed") && line.Is("path", "/run/nothing-here/x")),
            "request_completed of /run/nothing-here/x");
        var completed = logs.Where(l => l.Is("message", "request_completed")).ToList();
        Assert.All(completed, l => Assert.Equal(JsonValueKind.Number, l.GetProperty("duration_ms").ValueKind));
        var traced = Assert.Single(completed, l => l.Is("path", "/run/nothing-here/x"));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", traced.GetProperty("span").GetProperty("trace_id").GetString());
        Assert.Equal(404, traced.GetProperty("status").GetInt32());
        Assert.Equal("GET", traced.GetProperty("method").GetString());
        Assert.Equal("mik::request", traced.GetProperty("target").GetString());
        Assert.All(logs, l =>
        {
            foreach (var field in new[] { "timestamp", "level", "target", "message" }) Assert.True(l.TryGetProperty(field, out _), field);
        });
    }

    [Fact]
    public async Task Without_PostgreSQL_programs_mik_says_how_to_install_them()
    {
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        sandbox.Environment["MIK_PG_BINDIR"] = "/nonexistent/postgresql/bin";
        await using var mik = MikProcess.Start(sandbox);

        Assert.Equal(1, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("apt-get install postgresql", mik.Stderr);
    }

    [Fact]
    public async Task Secrets_given_to_mik_never_appear_in_its_output()
    {
        const string canary = "canary-7f3a9c";
        using var sandbox = new MikSandbox();
        var config = await File.ReadAllTextAsync(sandbox.ConfigPath, Ct);
        await File.WriteAllTextAsync(sandbox.ConfigPath,
            config.Replace(MikSandbox.TestDatabaseUrl, MikSandbox.TestDatabaseUrl + ";Password=db-" + canary), Ct);
        sandbox.Environment["MIK_API_KEY"] = "key-" + canary;
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        using var _ = await mik.Runtime.GetAsync("/health", Ct);

        mik.Signal(MikProcess.Sigterm);
        Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(canary, string.Join('\n', mik.StdoutLines));
        Assert.DoesNotContain(canary, mik.Stderr);
    }
}
