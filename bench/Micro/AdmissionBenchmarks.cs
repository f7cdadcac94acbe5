using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Micro;

/// <summary>
/// Admission of one request with nothing else in flight, as <c>RunHandler</c> does it: <see cref="RequestAdmission.EnterAsync"/>
/// (the module's circuit, then the global slot and the module's own <c>max_concurrent</c>), then
/// <see cref="AdmittedRun.Exit"/> of a successful run. The baseline is an uncontended <see cref="SemaphoreSlim"/>
/// Wait/Release, the least any limit of concurrent runs costs.
/// </summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private const string Module = "hello";

    private readonly SemaphoreSlim _semaphore = new(64, 64);
    private RequestAdmission _admission = null!;
    private RequestGate _gate = null!;
    private BlockedRunCompensator _compensator = null!;
    private int? _moduleLimit;

    [GlobalSetup]
    public void Setup()
    {
        // The defaults of mik.toml, and a module with a limit of its own, so both limits are taken and given back.
        var config = new MikConfig();
        config.Modules[Module] = new ModuleOptions { MaxConcurrent = 16 };
        _moduleLimit = config.Modules[Module].MaxConcurrent;
        _gate = new RequestGate(RequestLimitsOptions.From(config.Server));
        _compensator = new BlockedRunCompensator(new BlockedRunCompensatorOptions { MaxRuns = config.Server.MaxConcurrentRequests });
        _admission = new RequestAdmission(new CircuitBreakers(config, TimeProvider.System),
            _gate, new CircuitTransitions(new DiscardingAuditTrail(), NullLogger.Instance), _compensator, config);
    }

    [Benchmark(Baseline = true)]
    public int SemaphoreWaitRelease()
    {
        _semaphore.Wait();
        return _semaphore.Release();
    }

    /// <summary>The gate alone: the global slot and the module's count.</summary>
    [Benchmark]
    public int GateEnterRelease()
    {
        var entered = Completed(_gate.EnterAsync(Module, _moduleLimit, CancellationToken.None));
        _gate.Release(Module, _moduleLimit);
        return (int)entered;
    }

    [Benchmark]
    public int AdmitAndExit()
    {
        var run = Completed(_admission.EnterAsync(Module, CancellationToken.None));
        run.Exit(ran: true, failureCode: null);
        return (int)run.Refusal;
    }

    // Uncontended, admission completes synchronously, and RunHandler's await of it then continues on the same thread.
    private static T Completed<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("admission waited");

    [GlobalCleanup]
    public void Cleanup()
    {
        _compensator.Dispose();
        _semaphore.Dispose();
    }
}
