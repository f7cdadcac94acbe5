using System.Text;
using System.Text.Json;
using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics;

/// <summary>
/// Everything one diagnostic run saw: its files by bundle path, and how each collector ended. The doctor's checks
/// read only this, so the same checks give the same verdicts live (<c>mik doctor</c>) and on a received bundle
/// (<c>mik diag inspect</c>).
/// </summary>
public sealed class Evidence(IReadOnlyDictionary<string, byte[]> files, IReadOnlyList<CollectorStatus> collectors)
{
    public IReadOnlyDictionary<string, byte[]> Files { get; } = files;

    public IReadOnlyList<CollectorStatus> Collectors { get; } = collectors;

    public bool Has(string path) => Files.ContainsKey(path);

    public string? Text(string path) => Files.TryGetValue(path, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The file parsed as JSON, or null when it is missing (or not JSON: a check then says it could not tell).</summary>
    public JsonElement? Json(string path)
    {
        if (!Files.TryGetValue(path, out var bytes)) return null;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public T? Read<T>(string path) where T : class
    {
        if (!Files.TryGetValue(path, out var bytes)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, EvidenceJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>How the collector named <paramref name="name"/> ended, or null when it did not run.</summary>
    public CollectorStatus? Collector(string name) => Collectors.FirstOrDefault(c => c.Name == name);
}
