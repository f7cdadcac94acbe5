using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik modules show NAME</c>: <c>GET /modules/{name}</c>; on a terminal the kept versions and the instances as
/// tables of their own under the module's fields.
/// </summary>
internal static class ModulesShowCommand
{
    private static readonly IReadOnlyList<Column> VersionColumns =
    [
        Column.Of("VERSION", "version"),
        new("SHA256", row => JsonText.Short(JsonText.At(row, "sha256"))),
        Column.Of("BYTES", "size_bytes"),
        Column.Of("SOURCE", "source"),
        Column.Of("DEPLOYED", "deployed_at", whole: true),
    ];

    private static readonly IReadOnlyList<Column> InstanceColumns =
    [
        Column.Of("INSTANCE", "id", whole: true),
        Column.Of("STATUS", "status"),
        new("SERVES", row => JsonText.Short(JsonText.At(row, "sha256"))),
        Column.Of("SINCE", "since", whole: true),
        new("FAILED", row => JsonText.Short(JsonText.At(row, "failed_sha256"))),
        Column.Of("REASON", "failed_reason"),
    ];

    public static Command Create()
    {
        var options = new ClientOptions();
        var name = ModulesCommand.NameArgument();
        var command = options.AddTo(new Command("show",
            "One module: hash, size, last deployment, breaker, caches, problem; desired version, kept versions and instances") { name });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var module = await client.GetAsync(ModulesCommand.Path(result.GetRequiredValue(name)), result.GetRequiredValue(name), ct);
            if (!output.IsTable)
            {
                await output.JsonLineAsync(module);
                return ExitCodes.Ok;
            }
            var fields = JsonNode.Parse(module.GetRawText())!.AsObject();
            fields.Remove("versions");
            fields.Remove("instances");
            await output.RecordAsync(JsonSerializer.SerializeToElement(fields));
            await TableAsync(output, module, "versions", VersionColumns, "no versions kept");
            await TableAsync(output, module, "instances", InstanceColumns, "no instances");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    // Null (folder mode, PostgreSQL away) prints nothing: the record above already shows the field as blank.
    private static async Task TableAsync(CliOutput output, JsonElement module, string field, IReadOnlyList<Column> columns, string empty)
    {
        if (!module.TryGetProperty(field, out var rows) || rows.ValueKind != JsonValueKind.Array) return;
        output.Note("");
        output.Note(field);
        await output.RowsAsync(rows.EnumerateArray(), columns, empty);
    }
}
