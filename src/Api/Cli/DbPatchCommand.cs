using System.CommandLine;
using Mik.Durable.Api.EventStore.Migrations;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// Hidden developer verb behind <c>scripts/db-patch.sh</c>: <c>mik db patch FILE</c> writes Marten's DDL for
/// what the code needs beyond the migrations sorting before FILE (all of it for 0001_initial.sql).
/// </summary>
internal static class DbPatchCommand
{
    public static Command Create()
    {
        var configOption = ConfigOption.Create();
        var fileArgument = new Argument<FileInfo>("file") { Description = "Migration to write, e.g. migrations/0001_initial.sql" };
        var command = new Command("patch", "Developer tool: write a migration from the code's Marten configuration")
        {
            fileArgument,
            configOption,
        };
        command.Hidden = true;
        command.SetAction((result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var file = result.GetRequiredValue(fileArgument);
            return DatabaseCommandRunner.RunAsync(result.GetValue(configOption), result.InvocationConfiguration.Error,
                async (target, ct) =>
                {
                    var written = await SchemaPatch.WriteAsync(target.ConnectionString, file.FullName, ct);
                    await output.WriteLineAsync(written
                        ? "wrote " + file.FullName
                        : $"no differences: the migrations before {file.Name} already match the code; nothing written");
                    return ExitCodes.Ok;
                }, cancellationToken);
        });
        return command;
    }
}
