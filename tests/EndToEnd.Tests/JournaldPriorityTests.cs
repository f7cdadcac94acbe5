using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// Under systemd, stdout is journald's stream and <c>JOURNAL_STREAM</c> names it: each line then starts with its syslog
/// priority, which journald takes off, so <c>journalctl -u mik -p err</c> selects by level. Anywhere else, plain JSON.
/// </summary>
public sealed class JournaldPriorityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_stdout_the_stream_JOURNAL_STREAM_names_every_line_starts_with_the_priority_of_its_level()
    {
        // The shell names its own stdout (the pipe to this test) as journald would, then becomes mik.
        var lines = await RunAsync("export JOURNAL_STREAM=$(stat -L -c %d:%i /proc/$$/fd/1); exec \"$0\" serve --config \"$1\"");

        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            Assert.Matches(@"^<[2-7]>\{", line);
            var level = JsonDocument.Parse(line[3..]).RootElement.GetProperty("level").GetString();
            Assert.Equal(level switch { "ERROR" => "<3>", "WARN" => "<4>", "INFO" => "<6>", "DEBUG" => "<7>", _ => "?" }, line[..3]);
        }
        Assert.Contains(lines, l => l.StartsWith("<4>", StringComparison.Ordinal) && l.Contains("server.prot", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("<6>", StringComparison.Ordinal) && l.Contains("\"server_ready\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("unset JOURNAL_STREAM; exec \"$0\" serve --config \"$1\"")]
    // A journal stream inherited from a parent whose output this process no longer shares (a wrapper redirected it).
    [InlineData("export JOURNAL_STREAM=$(stat -L -c %d:%i /dev/null); exec \"$0\" serve --config \"$1\"")]
    [InlineData("export JOURNAL_STREAM=garbage; exec \"$0\" serve --config \"$1\"")]
    public async Task Without_the_journal_on_stdout_lines_are_plain_JSON(string script)
    {
        var lines = await RunAsync(script);

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("{", line));
        Assert.Contains(lines, l => l.Contains("\"server_ready\"", StringComparison.Ordinal));
    }

    private static async Task<List<string>> RunAsync(string script)
    {
        using var sandbox = new MikSandbox(serverToml: "prot = 1");
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", script, MikBinary.Path, sandbox.ConfigPath }) info.ArgumentList.Add(arg);
        info.Environment.Remove("MIK_API_KEY");
        info.Environment.Remove("MIK_DATABASE_URL");
        using var mik = Process.Start(info)!;
        var stdout = mik.StandardOutput.ReadToEndAsync(Ct);
        var stderr = mik.StandardError.ReadToEndAsync(Ct);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sandbox.Port}") };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await ReadyAsync(client))
        {
            if (mik.HasExited) Assert.Fail("mik exited: " + await stderr);
            Assert.True(DateTime.UtcNow < deadline, "mik did not become ready");
            await Task.Delay(100, Ct);
        }
        // SIGTERM: mik drains, writes what it has queued, and exits (sh exec'd it, so the pid is mik's).
        using (var kill = Process.Start("/bin/kill", ["-TERM", mik.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync(Ct);
        await mik.WaitForExitAsync(Ct);
        return [.. (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static async Task<bool> ReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/health", Ct);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
