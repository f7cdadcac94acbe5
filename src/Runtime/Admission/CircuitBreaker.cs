using Mik.Durable.Domain.Breakers;

namespace Mik.Durable.Runtime.Admission;

/// <summary>
/// One module's circuit breaker (docs/runtime.md): closed → open after <c>FailureThreshold</c> consecutive
/// failures; open rejects for <c>RecoveryTimeout</c>; then exactly one probe; its success closes the circuit,
/// its failure opens it again for a new timeout. Thread-safe. Every method that changes the state returns the
/// event of that change (at most one), for the caller to publish.
/// </summary>
/// <remarks>
/// Every request asks the breaker twice, and nearly always the circuit is closed and nothing fails, so those two
/// calls take no lock: state and generation live in one word (read together, written under the lock), and a
/// success that finds no failures counted has nothing to reset.
/// </remarks>
internal sealed class CircuitBreaker(string module, CircuitPolicy policy, TimeProvider time)
{
    private const int StateBits = 2;
    private const long StateMask = (1 << StateBits) - 1;

    private readonly Lock _lock = new();
    private long _stateAndGeneration = (long)CircuitState.Closed;
    private int _consecutiveFailures;
    private DateTimeOffset _openedAt;
    private DateTimeOffset _firstOpenedAt;
    private bool _probeInFlight;

    public string Module => module;

    public CircuitState State => (CircuitState)(Volatile.Read(ref _stateAndGeneration) & StateMask);

    /// <summary>Whether a request may run now; may move an open circuit whose time is up to half-open.</summary>
    public CircuitPass TryAdmit(out ICircuitEvent? transition)
    {
        transition = null;
        var current = Volatile.Read(ref _stateAndGeneration);
        if ((CircuitState)(current & StateMask) == CircuitState.Closed)
            return new CircuitPass(CircuitPassKind.Allowed, current >> StateBits, TimeSpan.Zero);
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (StateLocked == CircuitState.Closed) return new CircuitPass(CircuitPassKind.Allowed, GenerationLocked, TimeSpan.Zero);
            if (StateLocked == CircuitState.Open)
            {
                var left = _openedAt + policy.RecoveryTimeout - now;
                if (left > TimeSpan.Zero) return new CircuitPass(CircuitPassKind.Rejected, GenerationLocked, left);
                Transition(CircuitState.HalfOpen);
                transition = new CircuitHalfOpened(module, now);
            }
            if (_probeInFlight) return new CircuitPass(CircuitPassKind.Rejected, GenerationLocked, TimeSpan.FromSeconds(1));
            _probeInFlight = true;
            return new CircuitPass(CircuitPassKind.Probe, GenerationLocked, TimeSpan.Zero);
        }
    }

    public void RecordSuccess(CircuitPass admission, out ICircuitEvent? transition)
    {
        transition = null;
        // A success of a closed-circuit request only resets the failure count; with none counted that is a no-op
        // whether or not its admission is still current.
        if (admission.Kind == CircuitPassKind.Allowed && Volatile.Read(ref _consecutiveFailures) == 0) return;
        lock (_lock)
        {
            if (!Current(admission)) return;
            if (admission.Kind == CircuitPassKind.Probe)
            {
                var now = time.GetUtcNow();
                Transition(CircuitState.Closed);
                transition = new CircuitClosed(module, now, (long)(now - _firstOpenedAt).TotalMilliseconds);
            }
            Volatile.Write(ref _consecutiveFailures, 0);
        }
    }

    public void RecordFailure(CircuitPass admission, string error, out ICircuitEvent? transition)
    {
        transition = null;
        lock (_lock)
        {
            if (!Current(admission)) return;
            var failures = _consecutiveFailures + 1;
            Volatile.Write(ref _consecutiveFailures, failures);
            if (admission.Kind == CircuitPassKind.Probe || failures >= policy.FailureThreshold)
            {
                var now = time.GetUtcNow();
                if (admission.Kind != CircuitPassKind.Probe) _firstOpenedAt = now;
                _openedAt = now;
                Transition(CircuitState.Open);
                transition = new CircuitOpened(module, now, failures, error);
            }
        }
    }

    /// <summary>An outcome that says nothing about the module (client abort, load shedding): frees a probe slot only.</summary>
    public void RecordNeutral(CircuitPass admission)
    {
        if (admission.Kind != CircuitPassKind.Probe) return;
        lock (_lock)
        {
            if (Current(admission)) _probeInFlight = false;
        }
    }

    /// <summary>An operator closes the circuit by hand.</summary>
    public CircuitReset Reset(string actor)
    {
        lock (_lock)
        {
            Transition(CircuitState.Closed);
            return new CircuitReset(module, time.GetUtcNow(), actor);
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
                return StateLocked == CircuitState.Open && left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    private CircuitState StateLocked => (CircuitState)(_stateAndGeneration & StateMask);

    private long GenerationLocked => _stateAndGeneration >> StateBits;

    private bool Current(CircuitPass admission) => admission.Admitted && admission.Generation == GenerationLocked;

    private void Transition(CircuitState to)
    {
        Volatile.Write(ref _stateAndGeneration, ((GenerationLocked + 1) << StateBits) | (long)to);
        _probeInFlight = false;
        if (to == CircuitState.Closed) Volatile.Write(ref _consecutiveFailures, 0);
    }
}
