using System.Diagnostics;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary><c>mik --version</c>, <c>mik completions</c> and the one-screen help, through the published binary.</summary>
public sealed class CliMiscTests
{
    private static Task<CliResult> MikAsync(params string[] args) => MikCli.RunAsync(Path.GetTempPath(), args);

    [Fact]
    public async Task Version_names_mik_wasmtime_and_dotnet()
    {
        var result = await MikAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Collection(result.StdoutLines,
            l => Assert.Matches(@"^mik \d+\.\d+\.\d+", l),
            l => Assert.Matches(@"^wasmtime \d+\.\d+\.\d+$", l),
            l => Assert.Matches(@"^\.NET \d+\.\d+\.\d+", l));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("validate", "--help")]
    [InlineData("call", "--help")]
    [InlineData("completions", "--help")]
    public async Task Help_fits_one_screen(params string[] args)
    {
        var result = await MikAsync(args);

        Assert.Equal(0, result.ExitCode);
        Assert.InRange(result.Stdout.TrimEnd().Split('\n').Length, 3, 24);
        if (args.Length > 1) Assert.Contains($"  mik {args[0]} ", result.Stdout);
    }

    [Fact]
    public async Task The_suggest_directive_the_scripts_use_completes_commands_and_options()
    {
        var commands = await MikAsync("[suggest:6]", "mik va");
        var options = await MikAsync("[suggest:12]", "mik call --h");

        Assert.Equal(0, commands.ExitCode);
        Assert.Equal(["validate"], commands.StdoutLines);
        Assert.Contains("--header", options.StdoutLines);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    public async Task Each_completion_script_is_valid_for_its_shell(string shell)
    {
        // scripts/test.sh installs zsh and fish; a shell missing here is a machine the suite was not set up on.
        var shellPath = new[] { "/usr/bin/" + shell, "/bin/" + shell }.FirstOrDefault(File.Exists);
        Assert.True(shellPath is not null, $"{shell} is not installed (scripts/test.sh installs it)");
        var result = await MikAsync("completions", shell);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[suggest:", result.Stdout);
        var script = Path.Combine(Path.GetTempPath(), $"mik-completion-{Guid.NewGuid():N}.{shell}");
        await File.WriteAllTextAsync(script, result.Stdout, TestContext.Current.CancellationToken);
        try
        {
            using var check = Process.Start(new ProcessStartInfo(shellPath!, ["-n", script]) { RedirectStandardError = true })!;
            var errors = await check.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await check.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(check.ExitCode == 0, errors);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Theory]
    [InlineData("bash", "source \"$1\"; COMP_LINE='mik call --he'; COMP_POINT=13; COMP_WORDS=(mik call --he); COMP_CWORD=2; _mik_complete; printf '%s\\n' \"${COMPREPLY[@]}\"")]
    [InlineData("fish", "source $argv[2]; complete -C 'mik call --he'")]
    public async Task The_completion_script_completes_through_mik(string shell, string session)
    {
        var shellPath = "/usr/bin/" + shell;
        Assert.True(File.Exists(shellPath), $"{shell} is not installed (scripts/test.sh installs it)");
        var script = Path.Combine(Path.GetTempPath(), $"mik-completion-{Guid.NewGuid():N}.{shell}");
        await File.WriteAllTextAsync(script, (await MikAsync("completions", shell)).Stdout, TestContext.Current.CancellationToken);
        try
        {
            var info = new ProcessStartInfo(shellPath, ["-c", session, shell, script]) { RedirectStandardOutput = true };
            // The scripts call `mik` by name, as an installed one would be. fish puts every argument after the
            // command in $argv (bash: $0 and $1), hence the shell's name before the script.
            info.Environment["PATH"] = Path.GetDirectoryName(MikBinary.Path) + ":" + Environment.GetEnvironmentVariable("PATH");
            using var run = Process.Start(info)!;
            var output = await run.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await run.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(["--header", "--help"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var result = await MikAsync("completions", "tcsh");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("mik: ", result.Stderr, StringComparison.Ordinal);
    }
}
