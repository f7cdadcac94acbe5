using System.CommandLine;
using System.Text.Json;
using Mik.Durable.Diagnostics;
using Mik.Durable.Diagnostics.Bundle;
using Mik.Durable.Runtime.Files;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>
/// <c>mik diag inspect &lt;bundle&gt;</c>: verifies every file against the manifest, then one screen (or
/// <c>--timeline</c>), with the doctor's checks run again on the bundle's files. Needs nothing of the machine it came
/// from. Exit 0 when the bundle verifies, 1 when it does not (each bad file named) or cannot be read, 2 on a usage error.
/// </summary>
internal static class DiagInspectCommand
{
    public static Command Create()
    {
        var bundleArgument = new Argument<string>("bundle") { Description = "The mik-diag-*.tar.gz to read" };
        var timeline = new Option<bool>("--timeline") { Description = "Log lines, audit events and metric changes as one time-ordered list" };
        var json = CliConventions.JsonOption();
        var verbose = CliConventions.VerboseOption();
        var command = new Command("inspect", "Verify a diagnostics bundle and show what it says (health, errors, doctor)")
        {
            bundleArgument, timeline, json, verbose,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var (output, error) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            var path = result.GetValue(bundleArgument)!;
            return Task.FromResult(CliConventions.Guard(error, result.GetValue(verbose), () =>
            {
                // Never opened unless it is a regular file: a FIFO named here would block the open.
                var kind = UnixFile.Stat(path).Kind;
                if (kind == FileKind.Missing) throw new CliException($"{path}: no such file", ExitCodes.Usage);
                if (kind != FileKind.Regular) throw new CliException($"{path} is {kind.Describe()}, not a bundle", ExitCodes.Usage);
                BundleInspection inspection;
                try
                {
                    using var stream = File.OpenRead(path);
                    inspection = BundleInspection.Open(stream, DiagnosticsCatalog.Checks(), DateTimeOffset.UtcNow);
                }
                catch (InvalidDataException e)
                {
                    throw new CliException($"{path}: {e.Message}", ExitCodes.Failure, e);
                }
                if (!inspection.Verified)
                    throw new CliException($"{path} does not match its manifest: {string.Join("; ", inspection.Problems)}");
                var asJson = CliConventions.WantsJson(result, json);
                if (result.GetValue(timeline)) DiagInspectOutput.WriteTimeline(output, Timeline.Build(inspection.Evidence, inspection.Manifest), asJson);
                else if (asJson) output.WriteLine(JsonSerializer.Serialize(DiagInspectOutput.Json(inspection), EvidenceJson.Options));
                else DiagInspectOutput.WriteScreen(output, inspection);
                return ExitCodes.Ok;
            }));
        });
        return command;
    }
}
