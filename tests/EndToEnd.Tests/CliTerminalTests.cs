using System.Diagnostics;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// On a terminal the admin commands print tables, in colour unless <c>NO_COLOR</c>; <c>--json</c> keeps JSON lines.
/// The terminal is a pseudo-terminal from util-linux <c>script</c>.
/// </summary>
public sealed class CliTerminalTests(AdminCliFixture server) : IClassFixture<AdminCliFixture>
{
    private const string Script = "/usr/bin/script";

    [Fact]
    public async Task A_terminal_gets_a_table_in_colour_and_json_still_gets_JSON_lines()
    {
        // bsdutils, which ships script, is an essential package on Debian: its absence is a broken machine, not a skip.
        Assert.True(File.Exists(Script), "util-linux script (package bsdutils) is not installed");
        // A breaker exists once its module has been asked for (or reset).
        (await server.RunAsync("circuits", "reset", "hello")).Ok();

        var table = await OnTerminalAsync(null, "circuits");
        Assert.Matches(@"MODULE\s+STATE\s+THRESHOLD", table);
        Assert.Matches(@"hello\s+\S*closed", table);
        Assert.Contains("\u001b[", table);
        Assert.DoesNotContain("{", table);

        var plain = await OnTerminalAsync("1", "circuits");
        Assert.Matches(@"hello\s+closed", plain);
        Assert.DoesNotContain("\u001b[3", plain);

        var json = await OnTerminalAsync(null, "circuits", "--json");
        Assert.Contains("{\"module\":\"hello\",\"state\":\"closed\"", json);
    }

    [Fact]
    public async Task Rollback_says_what_became_current_and_show_prints_kept_versions_and_instances_as_tables()
    {
        (await server.RunAsync("modules", "deploy", MikSandbox.GuestPath("hello"), "--name", "tty-flip")).Ok();
        (await server.RunAsync("modules", "deploy", MikSandbox.GuestPath("echo"), "--name", "tty-flip")).Ok();

        // A sentence wraps at the terminal's width: read it as one line.
        var said = System.Text.RegularExpressions.Regex.Replace(await OnTerminalAsync("1", "modules", "rollback", "tty-flip"), @"\s+", " ");
        Assert.Matches(@"rolled back tty-flip to version 1 \(sha256 [0-9a-f]{12}\): recorded as version 3; served now", said);
        Assert.Matches(@"tty-flip already serves version 1's bytes",
            System.Text.RegularExpressions.Regex.Replace(await OnTerminalAsync("1", "modules", "rollback", "tty-flip", "--to", "1"), @"\s+", " "));

        var shown = await OnTerminalAsync("1", "modules", "show", "tty-flip");
        Assert.Matches(@"desired\.version\s+3", shown);
        Assert.Matches(@"VERSION\s+SHA256\s+BYTES\s+SOURCE\s+DEPLOYED", shown);
        Assert.Matches(@"3\s+[0-9a-f]{12}\s+\d+\s+rollback", shown);
        Assert.Matches(@"INSTANCE\s+STATUS\s+SERVES", shown);
        Assert.Matches(@"\S+\s+running", shown);
        Assert.Matches(@"NAME\s+SHA256\s+BYTES.*CLUSTER", await OnTerminalAsync("1", "modules", "list"));
    }

    private async Task<string> OnTerminalAsync(string? noColor, params string[] args)
    {
        var command = string.Join(' ', ((string[])[MikBinary.Path, .. args, "--config", server.Sandbox.ConfigPath]).Select(a => $"'{a}'"));
        var info = new ProcessStartInfo(Script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = server.Sandbox.Directory,
        };
        foreach (var a in new[] { "-qec", command, "/dev/null" }) info.ArgumentList.Add(a);
        info.Environment["MIK_API_KEY"] = AdminCliFixture.Key;
        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("NO_COLOR");
        if (noColor is not null) info.Environment["NO_COLOR"] = noColor;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}");
        return await output;
    }
}
