using Mik.Durable.Runtime.Admission;

namespace Mik.Durable.Runtime.Tests.Properties;

/// <summary>
/// The breaker of docs/runtime.md ("Circuit breakers") written as plainly as possible, with no lock-free tricks, to
/// compare the real one with: consecutive failures open it, an open circuit refuses until its recovery time is up,
/// then one probe; a probe's success closes it, its failure opens it again; outcomes of requests admitted before a
/// transition are ignored. Transitions come back as short names ("open", "half_open", "closed", "reset").
/// </summary>
internal sealed class BreakerModel(int threshold, TimeSpan recovery)
{
    private int _failures;
    private DateTimeOffset _openedAt;
    private DateTimeOffset _firstOpenedAt;
    private bool _probeOut;

    public CircuitState State { get; private set; } = CircuitState.Closed;

    /// <summary>Bumped by every transition; a request carries the one it was admitted in.</summary>
    public long Era { get; private set; }

    public (CircuitPassKind Kind, TimeSpan RetryAfter, string? Transition) Admit(DateTimeOffset now)
    {
        string? transition = null;
        if (State == CircuitState.Closed) return (CircuitPassKind.Allowed, TimeSpan.Zero, null);
        if (State == CircuitState.Open)
        {
            if (now < _openedAt + recovery) return (CircuitPassKind.Rejected, _openedAt + recovery - now, null);
            Move(CircuitState.HalfOpen);
            transition = "half_open";
        }
        if (_probeOut) return (CircuitPassKind.Rejected, TimeSpan.FromSeconds(1), transition);
        _probeOut = true;
        return (CircuitPassKind.Probe, TimeSpan.Zero, transition);
    }

    public string? Succeed(CircuitPassKind kind, long era, DateTimeOffset now, out long openMs)
    {
        openMs = 0;
        if (era != Era) return null;
        _failures = 0;
        if (kind != CircuitPassKind.Probe) return null;
        openMs = (long)(now - _firstOpenedAt).TotalMilliseconds;
        Move(CircuitState.Closed);
        return "closed";
    }

    public string? Fail(CircuitPassKind kind, long era, DateTimeOffset now, out int failures)
    {
        failures = 0;
        if (era != Era) return null;
        failures = ++_failures;
        if (kind != CircuitPassKind.Probe && _failures < threshold) return null;
        if (kind != CircuitPassKind.Probe) _firstOpenedAt = now;
        _openedAt = now;
        Move(CircuitState.Open);
        return "open";
    }

    public void Neutral(CircuitPassKind kind, long era)
    {
        if (kind == CircuitPassKind.Probe && era == Era) _probeOut = false;
    }

    public string Reset()
    {
        Move(CircuitState.Closed);
        return "reset";
    }

    public TimeSpan RetryAfter(DateTimeOffset now) =>
        State == CircuitState.Open && _openedAt + recovery > now ? _openedAt + recovery - now : TimeSpan.Zero;

    private void Move(CircuitState to)
    {
        State = to;
        Era++;
        _probeOut = false;
        if (to == CircuitState.Closed) _failures = 0;
    }
}
