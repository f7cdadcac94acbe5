namespace Mik.Durable.Domain.Breakers;

/// <summary>
/// One module's circuit breaker (design section 4): closed → open after <c>FailureThreshold</c> consecutive
/// failures; open rejects for <c>RecoveryTimeout</c>; then exactly one probe; its success closes the circuit,
/// its failure opens it again for a new timeout. Thread-safe. Every method that changes the state returns the
/// events of that change, for the caller to publish.
/// </summary>
public sealed class CircuitBreaker(string module, CircuitPolicy policy, TimeProvider time)
{
    private readonly Lock _lock = new();
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private DateTimeOffset _openedAt;
    private DateTimeOffset _firstOpenedAt;
    private long _generation;
    private bool _probeInFlight;

    public string Module => module;

    public CircuitState State
    {
        get { lock (_lock) return _state; }
    }

    /// <summary>Whether a request may run now; may move an open circuit whose time is up to half-open.</summary>
    public Admission TryAdmit(List<ICircuitEvent> events)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_state == CircuitState.Closed) return new Admission(AdmissionKind.Allowed, _generation, TimeSpan.Zero);
            if (_state == CircuitState.Open)
            {
                var left = _openedAt + policy.RecoveryTimeout - now;
                if (left > TimeSpan.Zero) return new Admission(AdmissionKind.Rejected, _generation, left);
                Transition(CircuitState.HalfOpen);
                events.Add(new CircuitHalfOpened(module, now));
            }
            if (_probeInFlight) return new Admission(AdmissionKind.Rejected, _generation, TimeSpan.FromSeconds(1));
            _probeInFlight = true;
            return new Admission(AdmissionKind.Probe, _generation, TimeSpan.Zero);
        }
    }

    public void RecordSuccess(Admission admission, List<ICircuitEvent> events)
    {
        lock (_lock)
        {
            if (!Current(admission)) return;
            if (admission.Kind == AdmissionKind.Probe)
            {
                var now = time.GetUtcNow();
                Transition(CircuitState.Closed);
                events.Add(new CircuitClosed(module, now, (long)(now - _firstOpenedAt).TotalMilliseconds));
            }
            _consecutiveFailures = 0;
        }
    }

    public void RecordFailure(Admission admission, string error, List<ICircuitEvent> events)
    {
        lock (_lock)
        {
            if (!Current(admission)) return;
            _consecutiveFailures++;
            if (admission.Kind == AdmissionKind.Probe || _consecutiveFailures >= policy.FailureThreshold)
            {
                var now = time.GetUtcNow();
                if (admission.Kind != AdmissionKind.Probe) _firstOpenedAt = now;
                _openedAt = now;
                Transition(CircuitState.Open);
                events.Add(new CircuitOpened(module, now, _consecutiveFailures, error));
            }
        }
    }

    /// <summary>An outcome that says nothing about the module (client abort, load shedding): frees a probe slot only.</summary>
    public void RecordNeutral(Admission admission)
    {
        lock (_lock)
        {
            if (Current(admission) && admission.Kind == AdmissionKind.Probe) _probeInFlight = false;
        }
    }

    /// <summary>An operator closes the circuit by hand.</summary>
    public void Reset(string actor, List<ICircuitEvent> events)
    {
        lock (_lock)
        {
            Transition(CircuitState.Closed);
            events.Add(new CircuitReset(module, time.GetUtcNow(), actor));
        }
    }

    /// <summary>Seconds until an open circuit lets a probe through; zero when not open.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            lock (_lock)
            {
                var left = _openedAt + policy.RecoveryTimeout - time.GetUtcNow();
                return _state == CircuitState.Open && left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    private bool Current(Admission admission) => admission.Admitted && admission.Generation == _generation;

    private void Transition(CircuitState to)
    {
        _state = to;
        _generation++;
        _probeInFlight = false;
        if (to == CircuitState.Closed) _consecutiveFailures = 0;
    }
}
