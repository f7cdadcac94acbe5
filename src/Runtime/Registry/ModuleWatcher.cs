namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// Keeps the registry in line with the modules folder while serving: a scan shortly after any change
/// inotify reports, again while a file is still being written, and every few seconds in case an event was
/// missed (or the folder did not exist yet).
/// </summary>
internal sealed class ModuleWatcher : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Periodic = TimeSpan.FromSeconds(5);
    private readonly ModuleRegistry _registry;
    private readonly string _directory;
    private readonly ITimer _soon;
    private readonly ITimer _periodic;
    private FileSystemWatcher? _watcher;
    private int _scanning;

    private readonly Action<Exception> _onError;

    public ModuleWatcher(ModuleRegistry registry, string directory, TimeProvider time, Action<Exception> onError)
    {
        _onError = onError;
        _registry = registry;
        _directory = directory;
        _soon = time.CreateTimer(_ => Scan(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _periodic = time.CreateTimer(_ => Scan(), null, Periodic, Periodic);
        EnsureWatching();
    }

    private void EnsureWatching()
    {
        if (_watcher is not null || !Directory.Exists(_directory)) return;
        var watcher = new FileSystemWatcher(_directory, "*.wasm")
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => ScanSoon();
        watcher.Created += (_, _) => ScanSoon();
        watcher.Deleted += (_, _) => ScanSoon();
        watcher.Renamed += (_, _) => ScanSoon();
        watcher.Error += (_, _) => ScanSoon();
        watcher.EnableRaisingEvents = true;
        _watcher = watcher;
    }

    private void ScanSoon() => _soon.Change(Settle, Timeout.InfiniteTimeSpan);

    private void Scan()
    {
        if (Interlocked.Exchange(ref _scanning, 1) == 1)
        {
            ScanSoon();
            return;
        }
        try
        {
            EnsureWatching();
            if (_registry.Scan()) ScanSoon();
            if (_registry.Folder.IsMissing)
            {
                // A watch on a folder that went away sees nothing of the one that comes back: watch that one anew.
                _watcher?.Dispose();
                _watcher = null;
            }
        }
        catch (Exception e)
        {
            // A timer callback must not throw (it would end the process); the next scan tries again.
            _onError(e);
        }
        finally
        {
            Volatile.Write(ref _scanning, 0);
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _soon.Dispose();
        _periodic.Dispose();
    }
}
