using System.Runtime.InteropServices;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// Remembers which signal asked the process to stop, for <c>InstanceStopped.reason</c>. It only listens: the
/// host's own handlers still turn the signal into a graceful shutdown.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    public const string Shutdown = "shutdown";

    private readonly List<PosixSignalRegistration> _registrations = [];
    private volatile string _reason = Shutdown;

    /// <summary><c>sigterm</c>, <c>sigint</c> or <c>sigquit</c> when a signal came first; else <c>shutdown</c>.</summary>
    public string Reason => _reason;

    public void Listen()
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
            _registrations.Add(PosixSignalRegistration.Create(signal, Record));
    }

    private void Record(PosixSignalContext context)
    {
        if (_reason != Shutdown) return;
        _reason = context.Signal switch
        {
            PosixSignal.SIGTERM => "sigterm",
            PosixSignal.SIGINT => "sigint",
            _ => "sigquit",
        };
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _registrations.Clear();
    }
}
