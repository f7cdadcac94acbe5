using System.CommandLine;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik modules show NAME</c>: <c>GET /modules/{name}</c>.</summary>
internal static class ModulesShowCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var name = ModulesCommand.NameArgument();
        var command = options.AddTo(new Command("show", "One module: hash, size, last deployment, breaker, caches, problem") { name });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var module = result.GetRequiredValue(name);
            await output.RecordAsync(await client.GetAsync(ModulesCommand.Path(module), module, ct));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
