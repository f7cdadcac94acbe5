using System.Text;
using System.Text.Json;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary>How <c>mik audit</c> and <c>mik modules history</c> show an event in a table: time, type, stream and its data.</summary>
internal static class AuditColumns
{
    private const int MaxDataLength = 160;

    public static readonly IReadOnlyList<Column> All =
    [
        Column.Of("TIME", "timestamp", whole: true),
        Column.Of("TYPE", "type"),
        Column.Of("STREAM", "stream"),
        new("DATA", row => row.TryGetProperty("data", out var data) ? Summary(data) : ""),
    ];

    // key=value for each field but the time, which has its own column.
    private static string Summary(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object) return JsonText.Show(data);
        var text = new StringBuilder();
        foreach (var field in data.EnumerateObject())
        {
            if (field.Name is "timestamp" or "at" || field.Value.ValueKind == JsonValueKind.Null) continue;
            if (text.Length > 0) text.Append(' ');
            var shown = JsonText.Show(field.Value);
            text.Append(field.Name).Append('=').Append(field.Name.EndsWith("sha256", StringComparison.Ordinal) ? JsonText.Short(shown) : shown);
        }
        return text.Length <= MaxDataLength ? text.ToString() : text.ToString(0, MaxDataLength) + "…";
    }
}
