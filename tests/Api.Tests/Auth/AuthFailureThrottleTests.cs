using Microsoft.Extensions.Time.Testing;
using Mik.Durable.Api.Auth;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Tests.Auth;

public sealed class AuthFailureThrottleTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T10:00:00Z"));

    private AuthFailureThrottle Throttle(int burst = 3, int windowSecs = 60) =>
        new(new AdminOptions { AuthFailureBurst = burst, AuthFailureWindowSecs = windowSecs }, _time);

    [Fact]
    public void An_address_is_throttled_once_it_has_used_up_its_burst_and_told_when_to_come_back()
    {
        var throttle = Throttle();
        for (var i = 0; i < 2; i++) throttle.Failed("10.0.0.1");
        Assert.False(throttle.IsThrottled("10.0.0.1", out _));

        throttle.Failed("10.0.0.1");
        Assert.True(throttle.IsThrottled("10.0.0.1", out var retryAfter));
        // Three failures refill over 60 s: one every 20 s.
        Assert.Equal(TimeSpan.FromSeconds(20), retryAfter);
        Assert.False(throttle.IsThrottled("10.0.0.2", out _));
    }

    [Fact]
    public void The_allowance_refills_with_time()
    {
        var throttle = Throttle();
        for (var i = 0; i < 3; i++) throttle.Failed("10.0.0.1");
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.True(throttle.IsThrottled("10.0.0.1", out var retryAfter));
        Assert.Equal(1, retryAfter.TotalSeconds, precision: 6);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(throttle.IsThrottled("10.0.0.1", out _));
        throttle.Failed("10.0.0.1");
        Assert.True(throttle.IsThrottled("10.0.0.1", out _));
    }

    [Fact]
    public void A_burst_of_zero_turns_throttling_off()
    {
        var throttle = Throttle(burst: 0);
        for (var i = 0; i < 1000; i++) throttle.Failed("10.0.0.1");
        Assert.False(throttle.IsThrottled("10.0.0.1", out _));
    }

    [Fact]
    public void Addresses_whose_allowance_is_full_again_are_forgotten_when_many_are_tracked()
    {
        var throttle = Throttle(burst: 2, windowSecs: 10);
        for (var i = 0; i < AuthFailureThrottle.MaxTracked; i++) throttle.Failed($"10.{i / 65536}.{i / 256 % 256}.{i % 256}");
        Assert.Equal(AuthFailureThrottle.MaxTracked, throttle.Tracked);
        _time.Advance(TimeSpan.FromSeconds(10));

        // The next failure sweeps: every address tracked so far is full again and goes.
        throttle.Failed("192.0.2.1");
        throttle.Failed("192.0.2.1");
        throttle.Failed("198.51.100.1");
        Assert.True(throttle.IsThrottled("192.0.2.1", out _));
        Assert.Equal(2, throttle.Tracked);
    }
}
