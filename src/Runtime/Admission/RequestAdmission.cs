using Mik.Durable.Domain.Breakers;

using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Admission;

/// <summary>
/// Decides whether a <c>/run</c> request may run now (docs/runtime.md, "Request checks"): the module's circuit first,
/// then the concurrency gate. The only place a request moves a circuit, so the transitions it causes are published
/// here too (<see cref="CircuitTransitions"/>).
/// </summary>
internal sealed class RequestAdmission(CircuitBreakers breakers, RequestGate gate, CircuitTransitions transitions,
    BlockedRunCompensator compensator, MikConfig config)
{
    /// <summary>Admits a request to <paramref name="module"/>, or says why not; an admitted run must be ended with <see cref="AdmittedRun.Exit"/>.</summary>
    public async ValueTask<AdmittedRun> EnterAsync(string module, CancellationToken cancellationToken)
    {
        var breaker = breakers.For(module);
        var pass = breaker.TryAdmit(out var transition);
        if (transition is not null) transitions.Publish(transition);
        if (!pass.Admitted) return AdmittedRun.Refused(Refusal.CircuitOpen, pass.RetryAfter);

        var moduleLimit = config.Modules.GetValueOrDefault(module)?.MaxConcurrent;
        GateResult entered;
        try
        {
            entered = await gate.EnterAsync(module, moduleLimit, cancellationToken);
        }
        catch
        {
            // The client went away while queued: that says nothing about the module.
            breaker.RecordNeutral(pass);
            throw;
        }
        if (entered == GateResult.Admitted) return new AdmittedRun(this, breaker, pass, module, moduleLimit);
        breaker.RecordNeutral(pass);
        return AdmittedRun.Refused(entered == GateResult.ModuleBusy ? Refusal.ModuleBusy : Refusal.Overloaded, gate.Options.RetryAfter);
    }

    internal BlockedRunCompensator.RunScope HoldThread() => compensator.Enter();

    /// <summary>
    /// Only the module's own behaviour moves its circuit: every host-detected failure of its run counts (trap, exit,
    /// timeout, instantiate, memory, bad or oversized output); a status the module returned on purpose, 5xx included,
    /// does not, and neither do shedding, client aborts or host errors (<paramref name="ran"/> false).
    /// </summary>
    internal void Exit(CircuitBreaker breaker, CircuitPass pass, string module, int? moduleLimit, bool ran, string? failureCode)
    {
        gate.Release(module, moduleLimit);
        ICircuitEvent? transition = null;
        if (!ran) breaker.RecordNeutral(pass);
        else if (failureCode is null) breaker.RecordSuccess(pass, out transition);
        else breaker.RecordFailure(pass, failureCode, out transition);
        if (transition is not null) transitions.Publish(transition);
    }
}
