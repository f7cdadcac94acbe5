using System.CommandLine;
using System.Text.Json;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli.CacheCommands;

/// <summary>
/// <c>mik cache clean</c> (scope <c>stale</c>) and <c>mik cache clear</c> (scope <c>all</c>): <c>POST /cache/clean|clear</c>,
/// or, with mik stopped, the same removal done here (<see cref="OfflineAuditRecorder"/>).
/// </summary>
internal static class CacheCleanupCommand
{
    public static Command Create(string name, string description, string route)
    {
        var options = new ClientOptions();
        var command = options.AddTo(new Command(name, description));
        var all = name == "clear";
        command.SetAction((result, cancellationToken) => CacheCommandRunner.RunAsync(result, options,
            async (client, output, ct) =>
            {
                var cleanup = await client.SendAsync(HttpMethod.Post, route, null, null, ct);
                await PrintAsync(output, cleanup);
                return ExitCodes.Ok;
            },
            async (offline, output, ct) =>
            {
                output.Note($"mik is not running: acting on {offline.ModulesDir}");
                var (cleanup, recordedIn) = await offline.CleanupAsync(all, ct);
                await PrintAsync(output, CacheJson.Of(cleanup));
                output.Note("recorded as CacheCleared in " + recordedIn);
                return ExitCodes.Ok;
            }, cancellationToken));
        return command;
    }

    private static async Task PrintAsync(CliOutput output, JsonElement cleanup)
    {
        if (!output.IsTable)
        {
            await output.JsonLineAsync(cleanup);
            return;
        }
        var removed = cleanup.GetProperty("removed").EnumerateArray().ToList();
        if (removed.Count > 0) await output.RowsAsync(removed, CacheListCommand.Columns, "");
        output.Note($"removed {JsonText.At(cleanup, "files")} artifact(s), {JsonText.At(cleanup, "bytes")} bytes freed");
    }
}
