using Microsoft.Extensions.Time.Testing;
using Mik.Durable.Domain.Breakers;
using Mik.Durable.Runtime.Admission;

namespace Mik.Durable.Runtime.Tests.Admission;

public sealed class CircuitBreakerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly List<ICircuitEvent> _events = [];
    private readonly CircuitBreaker _breaker;

    public CircuitBreakerTests() => _breaker = new CircuitBreaker("m", CircuitPolicy.Default, _clock);

    private void Fail(int times)
    {
        for (var i = 0; i < times; i++)
        {
            var admission = _breaker.TryAdmit(_events);
            Assert.True(admission.Admitted);
            _breaker.RecordFailure(admission, "handler_trap", _events);
        }
    }

    [Fact]
    public void Five_consecutive_failures_open_the_circuit_and_the_sixth_request_is_rejected_with_the_time_left()
    {
        Fail(4);
        Assert.Equal(CircuitState.Closed, _breaker.State);
        Fail(1);

        Assert.Equal(CircuitState.Open, _breaker.State);
        var opened = Assert.IsType<CircuitOpened>(Assert.Single(_events));
        Assert.Equal((5, "handler_trap"), (opened.ConsecutiveFailures, opened.LastError));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var sixth = _breaker.TryAdmit(_events);
        Assert.Equal(CircuitPassKind.Rejected, sixth.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), sixth.RetryAfter);
    }

    [Fact]
    public void A_success_between_failures_resets_the_count()
    {
        Fail(4);
        var ok = _breaker.TryAdmit(_events);
        _breaker.RecordSuccess(ok, _events);
        Fail(4);
        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.Empty(_events);
    }

    [Fact]
    public void After_the_recovery_time_one_probe_is_admitted_and_its_success_closes_the_circuit()
    {
        Fail(5);
        _clock.Advance(TimeSpan.FromSeconds(30));

        var probe = _breaker.TryAdmit(_events);
        Assert.Equal(CircuitPassKind.Probe, probe.Kind);
        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
        Assert.Equal(CircuitPassKind.Rejected, _breaker.TryAdmit(_events).Kind);

        _clock.Advance(TimeSpan.FromMilliseconds(250));
        _breaker.RecordSuccess(probe, _events);
        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.Collection(_events,
            e => Assert.IsType<CircuitOpened>(e),
            e => Assert.IsType<CircuitHalfOpened>(e),
            e => Assert.Equal(30_250, Assert.IsType<CircuitClosed>(e).OpenMs));
        Assert.Equal(CircuitPassKind.Allowed, _breaker.TryAdmit(_events).Kind);
    }

    [Fact]
    public void A_failing_probe_opens_the_circuit_again_for_a_new_recovery_time()
    {
        Fail(5);
        _clock.Advance(TimeSpan.FromSeconds(30));
        var probe = _breaker.TryAdmit(_events);
        _breaker.RecordFailure(probe, "handler_timeout", _events);

        Assert.Equal(CircuitState.Open, _breaker.State);
        Assert.Equal(TimeSpan.FromSeconds(30), _breaker.RetryAfter);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(CircuitPassKind.Rejected, _breaker.TryAdmit(_events).Kind);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = _breaker.TryAdmit(_events);
        Assert.Equal(CircuitPassKind.Probe, second.Kind);
        _breaker.RecordSuccess(second, _events);
        Assert.Equal(60_000, Assert.IsType<CircuitClosed>(_events[^1]).OpenMs);
    }

    [Fact]
    public async Task Concurrent_requests_on_a_half_open_circuit_admit_exactly_one_probe()
    {
        Fail(5);
        _clock.Advance(TimeSpan.FromSeconds(31));
        var admissions = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            var events = new List<ICircuitEvent>();
            return _breaker.TryAdmit(events);
        })));
        Assert.Single(admissions, a => a.Kind == CircuitPassKind.Probe);
        Assert.Equal(63, admissions.Count(a => a.Kind == CircuitPassKind.Rejected));
    }

    [Fact]
    public void A_client_abort_is_neither_a_failure_nor_a_success_and_frees_the_probe_slot()
    {
        Fail(4);
        var aborted = _breaker.TryAdmit(_events);
        _breaker.RecordNeutral(aborted);
        Fail(0);
        Assert.Equal(CircuitState.Closed, _breaker.State);
        Fail(1);
        Assert.Equal(CircuitState.Open, _breaker.State);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var probe = _breaker.TryAdmit(_events);
        _breaker.RecordNeutral(probe);
        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
        Assert.Equal(CircuitPassKind.Probe, _breaker.TryAdmit(_events).Kind);
    }

    [Fact]
    public void Outcomes_of_requests_admitted_before_a_transition_are_ignored()
    {
        var early = _breaker.TryAdmit(_events);
        Fail(5);
        _breaker.RecordSuccess(early, _events);
        Assert.Equal(CircuitState.Open, _breaker.State);
    }

    [Fact]
    public void An_operator_reset_closes_an_open_circuit_and_is_recorded_with_the_actor()
    {
        Fail(5);
        _breaker.Reset("admin-key", _events);
        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.Equal("admin-key", Assert.IsType<CircuitReset>(_events[^1]).Actor);
        Assert.Equal(CircuitPassKind.Allowed, _breaker.TryAdmit(_events).Kind);
    }
}
