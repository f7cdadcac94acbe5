using System.CommandLine;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli.CacheCommands;

/// <summary><c>mik cache list</c>: every <c>*.wasm.aot</c> with its state and size (<c>GET /cache</c>, or read from disk).</summary>
internal static class CacheListCommand
{
    public static readonly IReadOnlyList<Column> Columns =
    [
        Column.Of("MODULE", "module", whole: true),
        Column.Of("STATE", "state"),
        Column.Of("BYTES", "bytes"),
    ];

    public static Command Create()
    {
        var options = new ClientOptions();
        var command = options.AddTo(new Command("list", "Every AOT artifact with its state and size"));
        command.SetAction((result, cancellationToken) => CacheCommandRunner.RunAsync(result, options,
            async (client, output, ct) =>
            {
                var cache = await client.GetAsync("cache", null, ct);
                await output.RowsAsync(cache.GetProperty("aot").GetProperty("artifacts").EnumerateArray(), Columns, "no artifacts");
                return ExitCodes.Ok;
            },
            async (offline, output, _) =>
            {
                output.Note($"mik is not running: reading {offline.ModulesDir}");
                await output.RowsAsync(offline.List().Select(CacheJson.Artifact), Columns, "no artifacts");
                return ExitCodes.Ok;
            }, cancellationToken));
        return command;
    }
}
