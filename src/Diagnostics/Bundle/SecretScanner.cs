using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// The last step before anything is written: finds each secret's actual value in a file's bytes, as written and in
/// the forms it takes inside a URL or a JSON string, and replaces it with <c>[redacted]</c>.
/// </summary>
public sealed class SecretScanner
{
    /// <summary>
    /// Shorter values are not searched: they would match all over the bundle and make it unreadable, and a secret
    /// that short is no secret (docs/diagnostics.md, "Redaction").
    /// </summary>
    public const int MinimumLength = 4;

    private static readonly byte[] Replacement = Encoding.UTF8.GetBytes(SecretSettings.Redacted);
    private readonly List<(string Kind, byte[] Needle)> _needles;

    public SecretScanner(IEnumerable<Secret> secrets)
    {
        // Longest first, so a value's encoded form is replaced whole before a shorter form could cut it in two.
        _needles = [.. secrets
            .Where(s => s.Value.Length >= MinimumLength)
            .SelectMany(s => Forms(s.Value).Select(form => (s.Kind, Needle: Encoding.UTF8.GetBytes(form))))
            .DistinctBy(n => Convert.ToHexString(n.Needle))
            .OrderByDescending(n => n.Needle.Length)];
    }

    public bool IsEmpty => _needles.Count == 0;

    /// <summary>The content with every hit replaced, and the kinds that were found (each once, in order).</summary>
    public (byte[] Content, IReadOnlyList<string> Kinds) Scan(byte[] content)
    {
        var kinds = new List<string>();
        foreach (var (kind, needle) in _needles)
        {
            if (content.AsSpan().IndexOf(needle) < 0) continue;
            content = ReplaceAll(content, needle);
            if (!kinds.Contains(kind)) kinds.Add(kind);
        }
        return (content, kinds);
    }

    public string Scan(string text) => Encoding.UTF8.GetString(Scan(Encoding.UTF8.GetBytes(text)).Content);

    private static IEnumerable<string> Forms(string value)
    {
        yield return value;
        var escaped = Uri.EscapeDataString(value);
        yield return escaped;
        yield return LowerHex(escaped);
        yield return WebUtility.UrlEncode(value);
        yield return JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        yield return JsonEncodedText.Encode(value).ToString();
        yield return JsonSerializer.Serialize(value)[1..^1];
    }

    private static string LowerHex(string escaped)
    {
        var chars = escaped.ToCharArray();
        for (var i = 0; i + 2 < chars.Length; i++)
        {
            if (chars[i] != '%') continue;
            chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
            chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
        }
        return new string(chars);
    }

    private static byte[] ReplaceAll(byte[] content, byte[] needle)
    {
        using var result = new MemoryStream(content.Length);
        var rest = content.AsSpan();
        int at;
        while ((at = rest.IndexOf(needle)) >= 0)
        {
            result.Write(rest[..at]);
            result.Write(Replacement);
            rest = rest[(at + needle.Length)..];
        }
        result.Write(rest);
        return result.ToArray();
    }
}
