using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>
/// Where a page ended: the timestamp and sequence of its last event, as one opaque token
/// (<c>&lt;unix µs&gt;-&lt;seq&gt;</c>). Pages are newest first by event time, so events replayed from the spool
/// late still sort where they happened.
/// </summary>
internal sealed record AuditCursor(DateTimeOffset Timestamp, long Sequence)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10}-{Sequence}");

    public static bool TryParse(string? text, [NotNullWhen(true)] out AuditCursor? cursor)
    {
        cursor = null;
        var dash = text?.IndexOf('-') ?? -1;
        if (dash <= 0) return false;
        if (!long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)) return false;
        if (!long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) return false;
        if (micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10) return false;
        cursor = new AuditCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), sequence);
        return true;
    }
}
