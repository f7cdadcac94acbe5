using System.Security.Cryptography;
using System.Text;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Runtime.Configuration;
using Npgsql;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// What the effective configuration looks like without showing it: a SHA-256 per key (<c>server.port</c>) of its
/// value, and <see cref="Sha256"/> over all of them. Values themselves are never kept, so module env values and
/// other secrets cannot leak through <c>last-config.json</c> or the audit trail.
/// </summary>
internal sealed record ConfigFingerprint(string Sha256, IReadOnlyDictionary<string, string> KeyHashes)
{
    public const string DatabaseUrlKey = "database.url";

    public static ConfigFingerprint Of(MikConfig config)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in ConfigKeys.Flatten(config))
            hashes[key] = Hash(key == DatabaseUrlKey ? WithoutPassword(value) : WithoutUrlPassword(value));
        return FromKeyHashes(hashes);
    }

    /// <summary>
    /// The fingerprint of these key hashes: SHA-256 of <c>key=hash\n</c> lines in ordinal key order, so it can be
    /// recomputed from a snapshot file alone.
    /// </summary>
    public static ConfigFingerprint FromKeyHashes(IEnumerable<KeyValuePair<string, string>> keyHashes)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, hash) in keyHashes) sorted[key] = hash;
        var lines = new StringBuilder();
        foreach (var (key, hash) in sorted) lines.Append(key).Append('=').Append(hash).Append('\n');
        return new ConfigFingerprint(Hash(lines.ToString()), sorted);
    }

    /// <summary>Keys added, removed or with another value than in <paramref name="previous"/>, in ordinal order.</summary>
    public IReadOnlyList<string> ChangedKeys(ConfigFingerprint previous) =>
    [
        .. KeyHashes.Keys.Union(previous.KeyHashes.Keys, StringComparer.Ordinal)
            .Where(k => !KeyHashes.TryGetValue(k, out var now) || !previous.KeyHashes.TryGetValue(k, out var then) || now != then)
            .Order(StringComparer.Ordinal),
    ];

    // The same for any other URL with user:password@ in it (a Loki behind basic auth).
    private static string WithoutUrlPassword(string rendered)
    {
        if (!rendered.Contains("://", StringComparison.Ordinal) || !rendered.Contains('@', StringComparison.Ordinal)) return rendered;
        var text = System.Text.Json.JsonSerializer.Deserialize<string>(rendered) ?? "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.UserInfo.Contains(':', StringComparison.Ordinal)) return rendered;
        return new UriBuilder(uri) { Password = "" }.Uri.AbsoluteUri;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    // A rotated password is not a configuration change, and a hash of a short password next to the known host
    // and user would invite guessing: the database.url key covers the connection without it.
    private static string WithoutPassword(string renderedUrl)
    {
        var url = System.Text.Json.JsonSerializer.Deserialize<string>(renderedUrl) ?? "";
        if (url.Length == 0) return renderedUrl;
        try
        {
            return new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(url)) { Password = null }.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            return "(unparsable)";
        }
    }
}
