using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>
/// Where a page ended: the timestamp and sequence of its last event, and the query it belongs to, as one opaque
/// token (<c>&lt;unix µs&gt;-&lt;seq&gt;-&lt;scope&gt;</c>). Pages are newest first by event time, so events replayed
/// from the spool late still sort where they happened.
/// </summary>
/// <param name="Scope">A short hash of the query's filters (<see cref="ScopeOf"/>); empty for internal callers.</param>
internal sealed record AuditCursor(DateTimeOffset Timestamp, long Sequence, string Scope = "")
{
    public override string ToString()
    {
        var micros = (Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;
        return Scope.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{micros}-{Sequence}")
            : string.Create(CultureInfo.InvariantCulture, $"{micros}-{Sequence}-{Scope}");
    }

    /// <summary>The scope of a query's filters (everything but the page size and the cursor).</summary>
    public static string ScopeOf(string filters) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(filters)))[..8];

    /// <summary>Accepts exactly what a page of a query with <paramref name="scope"/> hands out.</summary>
    public static bool TryParse(string? text, string scope, [NotNullWhen(true)] out AuditCursor? cursor)
    {
        if (TryParse(text, out cursor) && cursor.Scope == scope) return true;
        cursor = null;
        return false;
    }

    /// <summary>Accepts exactly what some page handed out, whatever its query.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out AuditCursor? cursor)
    {
        cursor = null;
        var parts = (text ?? "").Split('-');
        if (parts.Length is < 2 or > 3) return false;
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var micros)) return false;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) return false;
        if (micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10) return false;
        var parsed = new AuditCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), sequence, parts.Length == 3 ? parts[2] : "");
        // Only the token as handed out: no leading zeros, no other spelling of the same numbers, a scope as ScopeOf writes it.
        if (parsed.ToString() != text || (parts.Length == 3 && !IsScope(parts[2]))) return false;
        cursor = parsed;
        return true;
    }

    private static bool IsScope(string scope) => scope.Length == 8 && scope.All(char.IsAsciiHexDigitLower);
}
