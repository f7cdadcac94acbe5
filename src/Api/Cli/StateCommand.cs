using System.CommandLine;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik state rebuild</c>: <c>POST /state/rebuild</c>, every projection again from the event log.</summary>
internal static class StateCommand
{
    public static Command Create() =>
        new("state", "The cluster's state derived from the event log (admin API)") { RebuildCommand() };

    private static Command RebuildCommand()
    {
        var options = new ClientOptions();
        var projection = new Option<string?>("--projection") { Description = "Only this one: modules, breakers or instances" };
        var command = options.AddTo(new Command("rebuild", "Rebuild the projections from the event log (recorded as ProjectionsRebuilt)")
        {
            projection,
        });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var only = result.GetValue(projection);
            var path = "state/rebuild" + (only is null ? "" : "?projection=" + Uri.EscapeDataString(only));
            var rebuilt = await output.WhileAsync($"rebuilding {only ?? "every projection"} from the event log…",
                () => client.SendAsync(HttpMethod.Post, path, null, null, ct));
            if (!output.IsTable)
            {
                await output.JsonLineAsync(rebuilt);
                return ExitCodes.Ok;
            }
            foreach (var p in rebuilt.GetProperty("projections").EnumerateArray())
                output.Note($"rebuilt {JsonText.At(p, "name")}: {JsonText.At(p, "documents")} documents");
            output.Note($"from {JsonText.At(rebuilt, "events")} events, on instance {JsonText.At(rebuilt, "instance")}");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
