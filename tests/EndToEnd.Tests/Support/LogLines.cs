using System.Text.Json;

namespace Mik.Durable.EndToEnd.Tests.Support;

internal static class LogLines
{
    /// <summary>Every stdout line parsed as JSON; a line that is not JSON fails the test.</summary>
    public static List<JsonElement> Parse(IEnumerable<string> lines) =>
        [.. lines.Where(l => l.Length > 0).Select(l =>
        {
            try
            {
                return JsonDocument.Parse(l).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"stdout line is not JSON ({e.Message}): {l}");
            }
        })];

    public static bool Is(this JsonElement line, string field, string value) =>
        line.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == value;
}
