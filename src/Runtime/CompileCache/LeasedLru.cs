namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// The memory tier: least recently used entries beyond <c>maxEntries</c> or <c>maxBytes</c> are evicted. A
/// value in use by a request is leased; an evicted value is disposed only when its last lease ends, because
/// disposing a Wasmtime module under a running instance would crash the process. A single entry larger than
/// <c>maxBytes</c> is still kept (alone): refusing it would force a recompile on every request.
/// <c>onEvicted</c> hears of every value that leaves (key, bytes, <see cref="EvictionReasons"/>), outside the lock.
/// </summary>
internal sealed class LeasedLru<T>(int maxEntries, long maxBytes, Action<string, long, string>? onEvicted = null)
    where T : class, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recency = new();
    private long _bytes;

    public long MaxBytes => maxBytes;

    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    public long Bytes
    {
        get { lock (_lock) return _bytes; }
    }

    /// <summary>Whether <paramref name="key"/> is held, without counting as a use of it.</summary>
    public bool Contains(string key)
    {
        lock (_lock) return _entries.ContainsKey(key);
    }

    public Lease? TryAcquire(string key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry)) return null;
            _recency.Remove(entry.Node);
            _recency.AddFirst(entry.Node);
            entry.Leases++;
            return new Lease(this, entry);
        }
    }

    /// <summary>Adds (replacing any value under the same key) and returns a lease on the new value.</summary>
    public Lease Add(string key, T value, long bytes)
    {
        var evicted = new List<(string Key, long Bytes, string Reason)>();
        Lease lease;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var old))
            {
                Drop(old);
                evicted.Add((old.Key, old.Bytes, EvictionReasons.Replaced));
            }
            var entry = new Entry(key, value, bytes, new LinkedListNode<string>(key)) { Leases = 1 };
            _entries[key] = entry;
            _recency.AddFirst(entry.Node);
            _bytes += bytes;
            while (_entries.Count > 1 && (_entries.Count > maxEntries || _bytes > maxBytes))
            {
                var victim = _entries[_recency.Last!.Value];
                Drop(victim);
                evicted.Add((victim.Key, victim.Bytes, EvictionReasons.Capacity));
            }
            lease = new Lease(this, entry);
        }
        foreach (var (k, b, reason) in evicted) onEvicted?.Invoke(k, b, reason);
        return lease;
    }

    /// <summary>Drops <paramref name="key"/>; <paramref name="reason"/> null leaves it unreported (shutting down).</summary>
    public bool Remove(string key, string? reason = EvictionReasons.Removed)
    {
        Entry? entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry)) return false;
            Drop(entry);
        }
        if (reason is not null) onEvicted?.Invoke(entry.Key, entry.Bytes, reason);
        return true;
    }

    private void Drop(Entry entry)
    {
        _entries.Remove(entry.Key);
        _recency.Remove(entry.Node);
        _bytes -= entry.Bytes;
        entry.Evicted = true;
        if (entry.Leases == 0) entry.Value.Dispose();
    }

    private void Release(Entry entry)
    {
        lock (_lock)
        {
            entry.Leases--;
            if (entry.Evicted && entry.Leases == 0) entry.Value.Dispose();
        }
    }

    internal sealed class Entry(string key, T value, long bytes, LinkedListNode<string> node)
    {
        public string Key { get; } = key;
        public T Value { get; } = value;
        public long Bytes { get; } = bytes;
        public LinkedListNode<string> Node { get; } = node;
        public int Leases { get; set; }
        public bool Evicted { get; set; }
    }

    /// <summary>Use of a cached value; dispose it when the request is done.</summary>
    public sealed class Lease : IDisposable
    {
        private LeasedLru<T>? _owner;
        private readonly Entry _entry;

        internal Lease(LeasedLru<T> owner, Entry entry)
        {
            _owner = owner;
            _entry = entry;
        }

        public T Value => _entry.Value;

        public void Dispose()
        {
            Interlocked.Exchange(ref _owner, null)?.Release(_entry);
        }
    }
}
