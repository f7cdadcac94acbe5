using System.CommandLine;
using System.Text.Json;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik modules history NAME</c>: every event of the module's streams, newest first, read page by page with the
/// API's <c>after</c> cursor until the last.
/// </summary>
internal static class ModulesHistoryCommand
{
    private const int PageSize = 500;

    public static Command Create()
    {
        var options = new ClientOptions();
        var name = ModulesCommand.NameArgument();
        var command = options.AddTo(new Command("history", "A module's deployments, removals, refusals, breaker and cache events") { name });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var module = result.GetRequiredValue(name);
            var events = new List<JsonElement>();
            string? after = null;
            do
            {
                var query = $"?limit={PageSize}" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
                var page = await client.GetAsync(ModulesCommand.Path(module) + "/history" + query, module, ct);
                var batch = page.GetProperty("events").EnumerateArray().ToList();
                // A table needs every row first; JSON lines go out page by page.
                if (output.IsTable) events.AddRange(batch);
                else foreach (var e in batch) await output.JsonLineAsync(e);
                after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
            while (after is not null);
            if (output.IsTable) await output.RowsAsync(events, AuditColumns.All, "no events");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
