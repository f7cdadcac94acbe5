using System.CommandLine;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik modules rm NAME [--reason TEXT]</c>: <c>DELETE /modules/{name}?reason=</c>, recorded as <c>ModuleRemoved</c>.</summary>
internal static class ModulesRemoveCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var name = ModulesCommand.NameArgument();
        var reason = new Option<string?>("--reason") { Description = "Why, kept in the audit trail (at most 200 characters)" };
        var command = options.AddTo(new Command("rm", "Stop serving a module and delete its file (recorded first)") { name, reason });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var module = result.GetRequiredValue(name);
            var query = result.GetValue(reason) is { } why ? "?reason=" + Uri.EscapeDataString(why) : "";
            var removed = await client.SendAsync(HttpMethod.Delete, ModulesCommand.Path(module) + query, null, module, ct);
            if (output.IsTable) output.Note($"removed {module}");
            else await output.JsonLineAsync(removed);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
