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

    /// <summary>
    /// mik's stdout lines, parsed, once <paramref name="until"/> holds for them: mik writes its log every 20 ms, and
    /// later on a busy machine, so a test waits for what it expects instead of guessing how long that takes.
    /// </summary>
    public static async Task<List<JsonElement>> WaitAsync(MikProcess mik, Func<List<JsonElement>, bool> until, string what)
    {
        for (var waited = 0; ; waited += 50)
        {
            var lines = Parse(mik.StdoutLines);
            if (until(lines)) return lines;
            if (waited >= 30_000) throw new Xunit.Sdk.XunitException($"no {what} in the log after 30 s:\n{string.Join('\n', mik.StdoutLines)}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static bool Is(this JsonElement line, string field, string value) =>
        line.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == value;
}
