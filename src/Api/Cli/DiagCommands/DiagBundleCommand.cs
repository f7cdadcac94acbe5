using System.CommandLine;
using System.Runtime.InteropServices;
using Mik.Durable.Api.Hosting;
using Mik.Durable.Diagnostics;
using Mik.Durable.Diagnostics.Bundle;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>
/// <c>mik diag bundle</c>: every collector, the doctor's checks, and one <c>mik-diag-&lt;host&gt;-&lt;utc&gt;.tar.gz</c>
/// (docs/diagnostics.md). Progress on a terminal; piped, exactly one line: the archive's path. Exit 0 when the
/// bundle is written (whatever its collectors found), 1 when it cannot be, 2 on a usage error.
/// </summary>
internal static class DiagBundleCommand
{
    public static Command Create()
    {
        var configOption = ConfigOption.Create();
        var outputOption = new Option<string?>("--output", "-o") { Description = "Folder to write the bundle into (default: the current folder)" };
        var since = new Option<string?>("--since") { Description = "Start of the log and audit window: 30m, 1h, 2d, or an ISO time (default 1h)" };
        var until = new Option<string?>("--until") { Description = "End of the window, same forms (default: now)" };
        var logLines = new Option<int>("--log-lines") { Description = "Newest log lines kept per log source", DefaultValueFactory = _ => 100 };
        var dryRun = new Option<bool>("--dry-run") { Description = "Collect in memory, list what the bundle would hold and its size; write nothing" };
        var redactHosts = new Option<bool>("--redact-hosts") { Description = "Replace host names and IP addresses with placeholders (mapping kept outside)" };
        var verbose = CliConventions.VerboseOption();
        var command = new Command("bundle", "Collect logs, metrics, health, config and the doctor's findings into one archive")
        {
            outputOption, since, until, logLines, dryRun, redactHosts, configOption, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var (output, error) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            try
            {
                var now = DateTimeOffset.UtcNow;
                var window = DiagWindow.Parse(result.GetValue(since), result.GetValue(until), now);
                var lines = result.GetValue(logLines);
                if (lines < 1) throw new CliException($"--log-lines {lines}: must be at least 1", ExitCodes.Usage);
                var dry = result.GetValue(dryRun);
                var folder = DiagOutputFolder.Resolve(result.GetValue(outputOption), probeWrite: !dry);
                var (config, problems) = DiagConfig.Load(result.GetValue(configOption));
                var context = DiagContextFactory.Create(config, problems, window.Since, window.Until, lines);
                var run = new DiagBundleRun(context, folder, result.GetValue(redactHosts), Info(context, window, now));
                return await run.ExecuteAsync(output, error, dry, cancellationToken);
            }
            catch (CliException e)
            {
                return CliConventions.Fail(error, e.Message, e.ExitCode, e, result.GetValue(verbose));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CliConventions.Fail(error, $"the bundle could not be written: {e.Message}", ExitCodes.Failure, e, result.GetValue(verbose));
            }
        });
        return command;
    }

    private static BundleInfo Info(CollectContext context, (DateTimeOffset Since, DateTimeOffset Until) window, DateTimeOffset now) => new(
        MikVersion.Current,
        WasmEngine.WasmtimeVersion,
        $"{Environment.Version} ({RuntimeInformation.RuntimeIdentifier})",
        Environment.MachineName,
        CommandLine(),
        new BundleWindow(window.Since, window.Until),
        new BundleWindow(now, now));

    /// <summary>How this run was invoked, as <c>mik …</c> (the arguments only: never the environment).</summary>
    private static string CommandLine() =>
        string.Join(' ', ["mik", .. Environment.GetCommandLineArgs().Skip(1).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a)]);
}
