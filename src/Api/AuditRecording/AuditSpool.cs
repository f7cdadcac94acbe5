namespace Mik.Durable.Api.AuditRecording;

/// <summary>
/// The append-only file that keeps audit events while PostgreSQL is unreachable: <c>events.jsonl</c> and a
/// <c>cursor</c> file with the offset of the first event the store does not have yet. Used by the writer only.
/// A batch is fsync'd before it counts as spooled; a line cut short by a crash is trimmed when the spool opens.
/// </summary>
internal sealed class AuditSpool : IDisposable
{
    private readonly string _file;
    private readonly string _cursorFile;
    private readonly long _maxBytes;
    private FileStream? _appender;
    private long _length;
    private long _cursor;
    private long _pendingLines;

    public AuditSpool(string directory, long maxBytes)
    {
        Directory.CreateDirectory(directory);
        _file = Path.Combine(directory, "events.jsonl");
        _cursorFile = Path.Combine(directory, "cursor");
        _maxBytes = maxBytes;
        Open();
    }

    public long Bytes => Interlocked.Read(ref _length);

    /// <summary>Spooled lines the store does not have yet.</summary>
    public long PendingLines => Interlocked.Read(ref _pendingLines);

    public bool HasPending => _cursor < _length;

    /// <summary>
    /// Appends and fsyncs the records that fit; returns how many did. The ones that do not fit are the caller's to
    /// report: a full spool keeps the oldest events (docs/operations.md). A write that fails (a full disk) leaves the
    /// file as it was before the batch, which is then not spooled at all: no line cut short stays behind.
    /// </summary>
    public int Append(IReadOnlyList<AuditRecord> records)
    {
        using var batch = new MemoryStream();
        var written = 0;
        foreach (var record in records)
        {
            var line = SpoolRecordCodec.Encode(record);
            if (_length + batch.Length + line.Length > _maxBytes) break;
            batch.Write(line);
            written++;
        }
        if (written == 0) return 0;
        try
        {
            // Unbuffered: a failed write must not leave bytes in a buffer that a later flush or dispose would add.
            _appender ??= new FileStream(_file, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
            _appender.Write(batch.GetBuffer(), 0, (int)batch.Length);
            _appender.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CutBackToLastBatch();
            throw;
        }
        Interlocked.Add(ref _length, batch.Length);
        Interlocked.Add(ref _pendingLines, written);
        return written;
    }

    /// <summary>
    /// After a failed append: the file back to the events spooled before it, so the next read finds whole lines and
    /// the length it expects. If even that fails, the torn tail is trimmed when the spool next opens.
    /// </summary>
    private void CutBackToLastBatch()
    {
        try
        {
            _appender?.Dispose();
        }
        catch (IOException)
        {
            // Nothing is buffered, so nothing is lost here.
        }
        _appender = null;
        try
        {
            using var stream = new FileStream(_file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            if (stream.Length > _length) stream.SetLength(_length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Up to <paramref name="max"/> records from the cursor on, in the order they were spooled.</summary>
    public SpoolChunk Read(int max)
    {
        var remaining = _length - _cursor;
        // Events are a few hundred bytes; 1 KiB each covers a chunk, and one long line gets a second, larger read.
        var chunk = Read(max, Math.Min(remaining, (long)max * 1024));
        return chunk.Lines > 0 || remaining <= max * 1024L ? chunk : Read(max, Math.Min(remaining, 16L * 1024 * 1024));
    }

    private SpoolChunk Read(int max, long size)
    {
        var records = new List<AuditRecord>(Math.Min(max, 1024));
        var buffer = new byte[size];
        using (var reader = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            reader.Position = _cursor;
            reader.ReadExactly(buffer);
        }
        var offset = 0;
        int lines = 0, unreadable = 0;
        while (lines < max)
        {
            var end = Array.IndexOf(buffer, (byte)'\n', offset, buffer.Length - offset);
            if (end < 0) break;
            var record = SpoolRecordCodec.Decode(buffer.AsSpan(offset, end - offset));
            if (record is null) unreadable++;
            else records.Add(record);
            lines++;
            offset = end + 1;
        }
        return new SpoolChunk(records, _cursor + offset, lines, unreadable);
    }

    /// <summary>The store has everything before <paramref name="chunk"/>'s end; the spool is emptied once it has all.</summary>
    public void Commit(SpoolChunk chunk)
    {
        _cursor = chunk.EndOffset;
        Interlocked.Add(ref _pendingLines, -chunk.Lines);
        if (_cursor >= _length)
        {
            // Deleting the events before the cursor: a crash in between leaves a cursor without a file, read as empty.
            _appender?.Dispose();
            _appender = null;
            File.Delete(_file);
            File.Delete(_cursorFile);
            _cursor = 0;
            Interlocked.Exchange(ref _length, 0);
            Interlocked.Exchange(ref _pendingLines, 0);
            return;
        }
        var temp = _cursorFile + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(_cursor.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, _cursorFile, overwrite: true);
    }

    public void Dispose() => _appender?.Dispose();

    private void Open()
    {
        if (!File.Exists(_file))
        {
            File.Delete(_cursorFile);
            return;
        }
        TrimTornTail();
        _length = new FileInfo(_file).Length;
        if (File.Exists(_cursorFile) && long.TryParse(File.ReadAllText(_cursorFile).Trim(), out var cursor))
            _cursor = Math.Clamp(cursor, 0, _length);
        _pendingLines = CountLines(_cursor);
    }

    private void TrimTornTail()
    {
        using var stream = new FileStream(_file, FileMode.Open, FileAccess.ReadWrite);
        var length = stream.Length;
        var keep = length;
        var one = new byte[1];
        while (keep > 0)
        {
            stream.Position = keep - 1;
            stream.ReadExactly(one);
            if (one[0] == (byte)'\n') break;
            keep--;
        }
        if (keep == length) return;
        stream.SetLength(keep);
        stream.Flush(flushToDisk: true);
    }

    private long CountLines(long from)
    {
        using var stream = new FileStream(_file, FileMode.Open, FileAccess.Read);
        stream.Position = from;
        var buffer = new byte[64 * 1024];
        long count = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0) count += buffer.AsSpan(0, n).Count((byte)'\n');
        return count;
    }
}
