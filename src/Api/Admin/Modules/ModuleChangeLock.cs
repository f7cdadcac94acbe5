namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// One deployment or removal at a time on this instance, from the decision to the files in place: two uploads
/// committed in one order must not land on disk in the other. (Between instances, the stream's version decides.)
/// </summary>
internal sealed class ModuleChangeLock
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
