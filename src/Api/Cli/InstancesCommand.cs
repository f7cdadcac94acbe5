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
        var command = options.AddTo(new Command("instances", "Every mik instance sharing the database, with its status"));
        command.Aliases.Add("ps");
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var instances = await client.GetAsync("instances", null, ct);
            await output.RowsAsync(instances.EnumerateArray(), Columns, "no instances");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
