using Mik.Durable.Api.Cluster;

namespace Mik.Durable.Api.Health;

/// <summary>Process-wide serving state: lifecycle status and identity.</summary>
internal sealed class ServerState(TimeProvider time, InstanceIdentity identity)
{
    private int _status = (int)ServerStatus.Starting;

    public string InstanceId => identity.Id;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public ServerStatus Status => (ServerStatus)Volatile.Read(ref _status);

    /// <summary>Starting → ready; true when this call made the change (never out of draining).</summary>
    public bool MarkReady() =>
        Interlocked.CompareExchange(ref _status, (int)ServerStatus.Ready, (int)ServerStatus.Starting) == (int)ServerStatus.Starting;

    public void MarkDraining() => Volatile.Write(ref _status, (int)ServerStatus.Draining);
}
