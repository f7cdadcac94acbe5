using System.Text;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A component's <c>wasi:cli</c> stdout and stderr as log lines of the module, in the order their lines ended
/// (docs/components.md). Bounded like a WAGI module's stderr: past <c>limit</c> bytes of both streams together the
/// rest is dropped and one marker line says so. Used by the request's own thread only.
/// </summary>
internal sealed class ComponentOutputLog(int limit, int maxLineBytes = 16 * 1024)
{
    // Most components write nothing to stdout or stderr, so nothing is allocated until one does.
    private List<string>? _lines;
    private readonly List<byte>?[] _partial = new List<byte>?[2];
    private long _total;
    private bool _truncated;

    /// <summary>The bytes a guest wrote to stdout (<paramref name="stream"/> 0) or stderr (1).</summary>
    public void Write(int stream, ReadOnlySpan<byte> data)
    {
        if (_truncated || data.IsEmpty) return;
        var room = limit - _total;
        if (data.Length > room)
        {
            data = data[..(int)Math.Max(0, room)];
            _truncated = true;
        }
        _total += data.Length;
        var current = _partial[stream] ??= [];
        foreach (var b in data)
        {
            if (b == (byte)'\n') Flush(current);
            else if (current.Count >= maxLineBytes) { Flush(current); current.Add(b); }
            else current.Add(b);
        }
    }

    /// <summary>Every line, an unterminated last line of each stream included (stdout's before stderr's).</summary>
    public IReadOnlyList<string> Complete()
    {
        foreach (var current in _partial)
            if (current?.Count > 0) Flush(current);
        if (_lines is null && !_truncated) return [];
        return _truncated ? [.. _lines ?? [], $"[output truncated after {limit} bytes]"] : [.. _lines!];
    }

    private void Flush(List<byte> current)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(current);
        if (span.Length > 0 && span[^1] == (byte)'\r') span = span[..^1];
        (_lines ??= []).Add(Encoding.UTF8.GetString(span));
        current.Clear();
    }
}
