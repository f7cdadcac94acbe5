using System.CommandLine;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik modules rollback NAME [--to SHA256|VERSION]</c>: <c>POST /modules/{name}/rollback</c>, recorded as a
/// deployment whose source is the rollback.
/// </summary>
internal static class ModulesRollbackCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var name = ModulesCommand.NameArgument();
        var to = new Option<string?>("--to")
        {
            Description = "The kept version to bring back: its deployment number or sha256 (default: the last one with other bytes)",
        };
        var command = options.AddTo(new Command("rollback", "Make a kept version of a module current again (needs module_source = \"store\")") { name, to });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var module = result.GetRequiredValue(name);
            var query = result.GetValue(to) is { } target ? "?to=" + Uri.EscapeDataString(target) : "";
            // The module is named for a plain 404 only; "version not kept" says itself which version.
            var rolledBack = await client.SendAsync(HttpMethod.Post, ModulesCommand.Path(module) + "/rollback" + query, null, module, ct);
            if (!output.IsTable)
            {
                await output.JsonLineAsync(rolledBack);
                return ExitCodes.Ok;
            }
            var version = JsonText.At(rolledBack, "rolled_back_to");
            var sha256 = JsonText.Short(JsonText.At(rolledBack, "module.sha256"));
            output.Note(JsonText.At(rolledBack, "changed") == "yes"
                ? $"rolled back {module} to version {version} (sha256 {sha256}): recorded as version {JsonText.At(rolledBack, "module.desired.version")}; served now"
                : $"{module} already serves version {version}'s bytes (sha256 {sha256}): nothing changed");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
