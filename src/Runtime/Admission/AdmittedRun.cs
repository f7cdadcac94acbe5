namespace Mik.Durable.Runtime.Admission;

/// <summary>
/// The answer of <see cref="RequestAdmission.EnterAsync"/>: a refusal, or a run that holds a gate slot and a circuit
/// pass until <see cref="Exit"/>.
/// </summary>
internal readonly struct AdmittedRun
{
    private readonly RequestAdmission? _admission;
    private readonly CircuitBreaker? _breaker;
    private readonly CircuitPass _pass;
    private readonly string? _module;
    private readonly int? _moduleLimit;

    internal AdmittedRun(RequestAdmission admission, CircuitBreaker breaker, CircuitPass pass, string module, int? moduleLimit)
    {
        (_admission, _breaker, _pass, _module, _moduleLimit) = (admission, breaker, pass, module, moduleLimit);
    }

    private AdmittedRun(Refusal refusal, TimeSpan retryAfter) => (Refusal, RetryAfter) = (refusal, retryAfter);

    internal static AdmittedRun Refused(Refusal refusal, TimeSpan retryAfter) => new(refusal, retryAfter);

    /// <summary><see cref="Refusal.None"/> when the request may run.</summary>
    public Refusal Refusal { get; }

    /// <summary>When a refused client may try again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>
    /// Marks the calling thread as running the guest until disposed, so a guest that blocks it for long gets the pool
    /// a replacement thread (<see cref="BlockedRunCompensator"/>). Take it on the thread that runs the guest.
    /// </summary>
    public BlockedRunCompensator.RunScope HoldThread() => _admission!.HoldThread();

    /// <summary>Ends the run: frees the gate slot, and moves the circuit by how the module's run went.</summary>
    /// <param name="ran">False when the module's behaviour is unknown (removed, reloading, the host failed).</param>
    /// <param name="failureCode">The host-detected failure of the run, null when it succeeded.</param>
    public void Exit(bool ran, string? failureCode) => _admission!.Exit(_breaker!, _pass, _module!, _moduleLimit, ran, failureCode);
}
