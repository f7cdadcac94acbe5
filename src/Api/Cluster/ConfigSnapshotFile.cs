using System.Text.Json;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// <c>&lt;state_dir&gt;/last-config.json</c>: the <see cref="ConfigFingerprint"/> this state dir last ran with
/// (<c>{"sha256": …, "keys": {"server.port": "&lt;sha256 of the value&gt;", …}}</c>), hashes only.
/// </summary>
internal static class ConfigSnapshotFile
{
    public const string FileName = "last-config.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Null when there is no snapshot (first start).</summary>
    /// <exception cref="IOException">Unreadable.</exception>
    /// <exception cref="JsonException">Not a snapshot.</exception>
    public static ConfigFingerprint? Load(string stateDir)
    {
        var path = Path.Combine(stateDir, FileName);
        if (!File.Exists(path)) return null;
        var snapshot = JsonSerializer.Deserialize<Snapshot>(File.ReadAllText(path), Json);
        if (snapshot?.Keys is null || snapshot.Sha256 is null) throw new JsonException(path + " has no sha256 or keys");
        return new ConfigFingerprint(snapshot.Sha256, new SortedDictionary<string, string>(snapshot.Keys, StringComparer.Ordinal));
    }

    public static void Save(string stateDir, ConfigFingerprint fingerprint)
    {
        var path = Path.Combine(stateDir, FileName);
        var temp = path + ".tmp";
        var snapshot = new Snapshot { Sha256 = fingerprint.Sha256, Keys = new SortedDictionary<string, string>(fingerprint.KeyHashes.ToDictionary(), StringComparer.Ordinal) };
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(file, snapshot, Json);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private sealed class Snapshot
    {
        [System.Text.Json.Serialization.JsonPropertyName("sha256")]
        public string? Sha256 { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("keys")]
        public SortedDictionary<string, string>? Keys { get; set; }
    }
}
