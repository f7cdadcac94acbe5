namespace Mik.Durable.Api.EventStore;

/// <summary>Last known reachability of PostgreSQL, kept by <see cref="EventStoreMonitor"/> so nothing on the request path asks the database.</summary>
internal sealed class EventStoreStatus
{
    private readonly TaskCompletionSource _schemaReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _up;

    public bool IsUp => _up;

    /// <summary>Completes once this process has found every migration applied (it stays complete).</summary>
    public Task SchemaReady => _schemaReady.Task;

    /// <summary>Sets the state; true when it changed.</summary>
    public bool Set(bool up)
    {
        var changed = _up != up;
        _up = up;
        return changed;
    }

    public void MarkSchemaReady() => _schemaReady.TrySetResult();
}
