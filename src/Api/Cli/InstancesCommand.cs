using System.CommandLine;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik instances</c> (alias <c>mik ps</c>): <c>GET /instances</c>, every mik sharing the database.</summary>
internal static class InstancesCommand
{
    private static readonly IReadOnlyList<Column> Columns =
    [
        Column.Of("ID", "id", whole: true),
        Column.Of("HOST", "host"),
        Column.Of("PID", "pid"),
        Column.Of("PORTS", "ports"),
        Column.Of("VERSION", "version"),
        Column.Of("LAST_SEEN", "last_seen"),
        Column.Of("STATUS", "status"),
    ];

    public static Command Create()
    {
        var options = new ClientOptions();
        var command = options.AddTo(new Command("instances", "Every mik instance sharing the database, with its status") { PruneCommand() });
        command.Aliases.Add("ps");
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var instances = await client.GetAsync("instances", null, ct);
            await output.RowsAsync(instances.EnumerateArray(), Columns, "no instances");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command PruneCommand()
    {
        var options = new ClientOptions();
        var instance = new Argument<string?>("instance") { Description = "Only this instance (it must be lost)", Arity = ArgumentArity.ZeroOrOne };
        var command = options.AddTo(new Command("prune", "Forget the instances that are lost (recorded as InstancePruned)") { instance });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var id = result.GetValue(instance);
            var path = "instances/prune" + (id is null ? "" : "?instance=" + Uri.EscapeDataString(id));
            var answer = await client.SendAsync(HttpMethod.Post, path, null, null, ct);
            if (!output.IsTable)
            {
                await output.JsonLineAsync(answer);
                return ExitCodes.Ok;
            }
            var pruned = answer.GetProperty("pruned").EnumerateArray().ToList();
            if (pruned.Count == 0) output.Note("nothing to prune: no instance is lost");
            foreach (var p in pruned)
                output.Note($"pruned {JsonText.At(p, "id")} (host {Or(JsonText.At(p, "host"))}, last seen {Or(JsonText.At(p, "last_seen"))})");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static string Or(string text) => text.Length == 0 ? "unknown" : text;
}
