using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Runtime.Tests.CompileCache;

public sealed class LeasedLruTests
{
    private sealed class Thing(string name) : IDisposable
    {
        public string Name { get; } = name;
        public bool Disposed { get; private set; }
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void The_least_recently_used_entry_goes_first_when_the_entry_limit_is_reached()
    {
        var evicted = new List<string>();
        var lru = new LeasedLru<Thing>(2, 1000, (k, _, _) => evicted.Add(k));
        var a = new Thing("a");
        lru.Add("a", a, 1).Dispose();
        lru.Add("b", new Thing("b"), 1).Dispose();
        lru.TryAcquire("a")!.Dispose();
        lru.Add("c", new Thing("c"), 1).Dispose();

        Assert.Equal(["b"], evicted);
        Assert.NotNull(lru.TryAcquire("a"));
        Assert.Null(lru.TryAcquire("b"));
        Assert.False(a.Disposed);
    }

    [Fact]
    public void The_byte_limit_evicts_until_the_cache_fits_but_keeps_a_single_oversized_entry()
    {
        var lru = new LeasedLru<Thing>(100, 10);
        lru.Add("a", new Thing("a"), 6).Dispose();
        lru.Add("b", new Thing("b"), 6).Dispose();
        Assert.Equal((1, 6L), (lru.Count, lru.Bytes));

        lru.Add("huge", new Thing("huge"), 50).Dispose();
        Assert.Equal((1, 50L), (lru.Count, lru.Bytes));
    }

    [Fact]
    public void An_evicted_value_in_use_is_disposed_only_when_its_last_lease_ends()
    {
        var lru = new LeasedLru<Thing>(1, 100);
        var a = new Thing("a");
        var lease = lru.Add("a", a, 1);
        lru.Add("b", new Thing("b"), 1).Dispose();

        Assert.False(a.Disposed);
        Assert.Same(a, lease.Value);
        lease.Dispose();
        Assert.True(a.Disposed);
        lease.Dispose();
    }

    [Fact]
    public void Replacing_or_removing_a_key_disposes_the_old_value_once_unused()
    {
        var lru = new LeasedLru<Thing>(10, 100);
        var v1 = new Thing("v1");
        lru.Add("m", v1, 1).Dispose();
        var v2 = new Thing("v2");
        using (var lease = lru.Add("m", v2, 1)) Assert.Same(v2, lease.Value);
        Assert.True(v1.Disposed);

        Assert.True(lru.Remove("m"));
        Assert.True(v2.Disposed);
        Assert.Equal((0, 0L), (lru.Count, lru.Bytes));
    }
}
