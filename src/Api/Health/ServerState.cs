using Mik.Durable.Api.Cluster;

namespace Mik.Durable.Api.Health;

/// <summary>Process-wide serving state: lifecycle status, identity and the count of requests in flight.</summary>
internal sealed class ServerState(TimeProvider time, InstanceIdentity identity)
{
    private int _status = (int)ServerStatus.Starting;
    private long _inFlight;

    public string InstanceId => identity.Id;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public ServerStatus Status => (ServerStatus)Volatile.Read(ref _status);

    public long InFlight => Interlocked.Read(ref _inFlight);

    public void MarkReady() => Interlocked.CompareExchange(ref _status, (int)ServerStatus.Ready, (int)ServerStatus.Starting);

    public void MarkDraining() => Volatile.Write(ref _status, (int)ServerStatus.Draining);

    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestEnded() => Interlocked.Decrement(ref _inFlight);
}
