using System.CommandLine;
using System.Text.Json;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik audit [--type --module --since --until --limit --follow]</c>: <c>GET /audit</c>, newest first; the server
/// checks each filter (a bad one is exit 2 naming it). <c>--follow</c> then prints new events as they are recorded.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var type = new Option<string?>("--type") { Description = "Event types, comma-separated (CircuitReset or circuit_reset)" };
        var module = new Option<string?>("--module") { Description = "Only this module's module, breaker and cache events" };
        var since = new Option<string?>("--since") { Description = "From this time: RFC 3339 or an age such as 15m, 1h, 7d" };
        var until = new Option<string?>("--until") { Description = "Up to this time (same forms)" };
        var limit = new Option<string?>("--limit") { Description = "At most this many events, 1-1000 (default 100)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Then print new events as they come, until Ctrl-C" };
        var command = options.AddTo(new Command("audit", "The audit trail of a running mik, newest first (admin API)")
        {
            type, module, since, until, limit, follow,
        });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var filters = Query(("type", result.GetValue(type)), ("module", result.GetValue(module)), ("until", result.GetValue(until)));
            var first = await client.GetAsync(
                "audit?" + Query(("since", result.GetValue(since)), ("limit", result.GetValue(limit))) + filters, null, ct);
            var events = first.GetProperty("events").EnumerateArray().ToList();
            if (!result.GetValue(follow))
            {
                await output.RowsAsync(events, AuditColumns.All, "no events");
                return ExitCodes.Ok;
            }
            return await new AuditFollower(client, output, filters).RunAsync(events, result.GetValue(since), ct);
        }, cancellationToken));
        return command;
    }

    /// <summary>The given parameters as <c>name=value&amp;</c> pairs, escaped; absent ones left out.</summary>
    public static string Query(params (string Name, string? Value)[] parameters) =>
        string.Concat(parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}&"));

    public static DateTimeOffset Timestamp(JsonElement entry) => entry.GetProperty("timestamp").GetDateTimeOffset();

    public static string Id(JsonElement entry) => entry.GetProperty("id").GetString()!;
}
