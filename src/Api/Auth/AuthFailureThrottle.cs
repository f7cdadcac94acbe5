using System.Collections.Concurrent;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Auth;

/// <summary>
/// A token bucket of refused requests per remote address: <c>admin.auth_failure_burst</c> failures in a row, refilled
/// evenly over <c>admin.auth_failure_window_secs</c>. An address with an empty bucket is answered 429 whatever key it
/// sends, so a guesser learns nothing while throttled; each of its failures is still audited.
/// </summary>
internal sealed class AuthFailureThrottle(AdminOptions options, TimeProvider time)
{
    // Past this many addresses, full buckets are forgotten: a scan from many addresses must not grow memory forever.
    internal const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _perSecond = options.AuthFailureBurst / (double)Math.Max(1, options.AuthFailureWindowSecs);

    public bool Enabled => options.AuthFailureBurst > 0;

    /// <summary>Addresses with a bucket right now.</summary>
    internal int Tracked => _buckets.Count;

    /// <summary>Whether <paramref name="address"/> is throttled now, and when it may try again.</summary>
    public bool IsThrottled(string address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!Enabled || !_buckets.TryGetValue(address, out var bucket)) return false;
        lock (bucket)
        {
            var tokens = Refill(bucket);
            if (tokens >= 1) return false;
            retryAfter = TimeSpan.FromSeconds((1 - tokens) / _perSecond);
            return true;
        }
    }

    /// <summary>A request from <paramref name="address"/> was refused for its key.</summary>
    public void Failed(string address)
    {
        if (!Enabled) return;
        if (_buckets.Count >= MaxTracked) ForgetFull();
        var bucket = _buckets.GetOrAdd(address, _ => new Bucket(options.AuthFailureBurst, time.GetTimestamp()));
        lock (bucket) bucket.Tokens = Math.Max(0, Refill(bucket) - 1);
    }

    private double Refill(Bucket bucket)
    {
        var now = time.GetTimestamp();
        bucket.Tokens = Math.Min(options.AuthFailureBurst, bucket.Tokens + time.GetElapsedTime(bucket.UpdatedAt, now).TotalSeconds * _perSecond);
        bucket.UpdatedAt = now;
        return bucket.Tokens;
    }

    private void ForgetFull()
    {
        foreach (var (address, bucket) in _buckets)
        {
            lock (bucket)
                if (Refill(bucket) >= options.AuthFailureBurst) _buckets.TryRemove(address, out _);
        }
    }

    private sealed class Bucket(double tokens, long updatedAt)
    {
        public double Tokens { get; set; } = tokens;
        public long UpdatedAt { get; set; } = updatedAt;
    }
}
