using System.CommandLine;
using Mik.Durable.Api.EventStore.Migrations;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik db migrate [--config FILE]</c>: applies the pending migrations and says which.</summary>
internal static class DbMigrateCommand
{
    public static Command Create()
    {
        var configOption = ConfigOption.Create();
        var command = new Command("migrate", "Apply pending schema migrations (mik serve also applies them at start)") { configOption };
        command.SetAction((result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            return DatabaseCommandRunner.RunAsync(result.GetValue(configOption), result.InvocationConfiguration.Error,
                async (target, ct) =>
                {
                    var applied = await new MigrationRunner(target.ConnectionString, target.Schema).ApplyAsync(ct);
                    foreach (var name in applied) await output.WriteLineAsync("applied " + name);
                    await output.WriteLineAsync(applied.Count == 0
                        ? $"schema {target.Schema} on {target.Description} is up to date"
                        : $"schema {target.Schema} on {target.Description}: {applied.Count} migration(s) applied, up to date");
                    return ExitCodes.Ok;
                }, cancellationToken);
        });
        return command;
    }
}
