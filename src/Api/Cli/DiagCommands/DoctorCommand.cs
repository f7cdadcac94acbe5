using System.CommandLine;
using System.Text.Json;
using Mik.Durable.Diagnostics;
using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>
/// <c>mik doctor</c>: the runbook's diagnosis steps, run here and now (docs/diagnostics.md). Read-only; works with mik
/// stopped. Exit 0 when no check fails, 1 when one does, 2 on a usage error.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var configOption = ConfigOption.Create();
        var only = new Option<string[]>("--check") { Description = "Run only this check id (or prefix ending in '.'); repeatable" };
        var skip = new Option<string[]>("--skip") { Description = "Leave out this check id (or prefix ending in '.'); repeatable" };
        var list = new Option<bool>("--list-checks") { Description = "List the checks and exit" };
        var json = CliConventions.JsonOption();
        var verbose = CliConventions.VerboseOption();
        var command = new Command("doctor", "Run the runbook's diagnosis steps and say what is wrong and how to fix it")
        {
            configOption, only, skip, list, json, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var (output, error) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            var asJson = CliConventions.WantsJson(result, json);
            IReadOnlyList<ICheck> checks;
            try
            {
                checks = Doctor.Select(DiagnosticsCatalog.Checks(), result.GetValue(only) ?? [], result.GetValue(skip) ?? []);
            }
            catch (ArgumentException e)
            {
                return CliConventions.Fail(error, e.Message, ExitCodes.Usage);
            }
            if (result.GetValue(list))
            {
                DoctorOutput.WriteList(output, checks, asJson);
                return ExitCodes.Ok;
            }
            try
            {
                var (config, problems) = DiagConfig.Load(result.GetValue(configOption));
                var now = DateTimeOffset.UtcNow;
                var context = DiagContextFactory.Create(config, problems, now - TimeSpan.FromMinutes(10), now, 1000);
                var evidence = await CollectorRunner.RunAsync(DiagnosticsCatalog.Collectors(), context, cancellationToken: cancellationToken);
                var report = Doctor.Run(checks, evidence, DateTimeOffset.UtcNow);
                if (asJson) output.WriteLine(JsonSerializer.Serialize(report, EvidenceJson.Options));
                else DoctorOutput.WriteReport(output, report);
                return report.Failed ? ExitCodes.Failure : ExitCodes.Ok;
            }
            catch (CliException e)
            {
                return CliConventions.Fail(error, e.Message, e.ExitCode, e, result.GetValue(verbose));
            }
        });
        return command;
    }
}
