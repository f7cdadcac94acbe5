using System.Text;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Splits a guest's stderr into lines for the log. Bounded: past <c>limit</c> bytes the rest is dropped and one
/// marker line says so. Safe to feed from Wasmtime's output thread.
/// </summary>
internal sealed class StderrCollector(int limit, int maxLineBytes = 16 * 1024)
{
    // Most handlers write nothing to stderr, so nothing is allocated until they do.
    private Lock? _gate;
    private List<string>? _lines;
    private List<byte>? _current;
    private long _total;
    private bool _truncated;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        lock (Volatile.Read(ref _gate) ?? CreateGate())
        {
            _current ??= [];
            if (_truncated) return;
            var room = limit - _total;
            if (data.Length > room)
            {
                data = data[..(int)Math.Max(0, room)];
                _truncated = true;
            }
            _total += data.Length;
            foreach (var b in data)
            {
                if (b == (byte)'\n') Flush();
                else if (_current.Count >= maxLineBytes) { Flush(); _current.Add(b); }
                else _current.Add(b);
            }
        }
    }

    /// <summary>The lines so far plus any unterminated last line.</summary>
    public IReadOnlyList<string> Complete()
    {
        if (Volatile.Read(ref _gate) is not { } gate) return [];
        lock (gate)
        {
            if (_current?.Count > 0) Flush();
            var lines = new List<string>(_lines ?? []);
            if (_truncated) lines.Add($"[stderr truncated after {limit} bytes]");
            return lines;
        }
    }

    private Lock CreateGate()
    {
        Interlocked.CompareExchange(ref _gate, new Lock(), null);
        return _gate!;
    }

    private void Flush()
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_current);
        if (span.Length > 0 && span[^1] == (byte)'\r') span = span[..^1];
        (_lines ??= []).Add(Encoding.UTF8.GetString(span));
        _current!.Clear();
    }
}
