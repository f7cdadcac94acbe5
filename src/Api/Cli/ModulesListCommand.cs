using System.CommandLine;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik modules list</c>: <c>GET /modules</c>, one row (or JSON line) per module.</summary>
internal static class ModulesListCommand
{
    public static readonly IReadOnlyList<Column> Columns =
    [
        Column.Of("NAME", "name", whole: true),
        new("SHA256", row => JsonText.Short(JsonText.At(row, "sha256"))),
        Column.Of("BYTES", "size_bytes"),
        Column.Of("BREAKER", "breaker"),
        Column.Of("AOT", "cache.aot"),
        Column.Of("DEPLOYED", "deployed_at"),
        Column.Of("PROBLEM", "problem"),
        // Instances disagree on the version (store mode): what an operator scanning the list must not miss.
        new("CLUSTER", row => JsonText.At(row, "split") == "yes" ? "SPLIT" : ""),
    ];

    public static Command Create()
    {
        var options = new ClientOptions();
        var command = options.AddTo(new Command("list", "The modules mik serves, with breaker, cache state and problem"));
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var modules = await client.GetAsync("modules", null, ct);
            await output.RowsAsync(modules.EnumerateArray(), Columns, "no modules");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
