using System.Threading.Channels;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.ModuleChanges;

/// <summary>
/// The folder changes not yet committed to the event store, one per module, kept in memory and in
/// <c>&lt;state_dir&gt;/modules-pending.json</c> so a restart while PostgreSQL is away loses none.
/// <see cref="FolderDeploymentService"/> commits them; the scan that hands them over never waits for PostgreSQL.
/// </summary>
internal sealed partial class FolderDeployments : IFolderDeployments
{
    private readonly Lock _lock = new();
    private readonly PendingFolderChangesFile _file;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, FolderChange> _pending;
    private readonly HashSet<FolderChange> _waitingForScan = new(ReferenceEqualityComparer.Instance);
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public FolderDeployments(PendingFolderChangesFile file, TimeProvider time, ILogger logger)
    {
        _file = file;
        _time = time;
        _logger = logger;
        _pending = file.Load().ToDictionary(c => c.Module, StringComparer.Ordinal);
    }

    /// <summary>Readable when a change was handed over since the last read.</summary>
    public ChannelReader<bool> Signals => _signal.Reader;

    public IReadOnlyList<FolderChange> Pending
    {
        get { lock (_lock) return [.. _pending.Values]; }
    }

    public void Deployed(ModuleVersion version, string? replaces, bool atStart) =>
        Queue(new FolderChange(version.Name, version.Sha256, version.Size, replaces, atStart, _time.GetUtcNow()));

    public void Removed(string name, string replaces, bool atStart) => Queue(new FolderChange(name, "", 0, replaces, atStart, _time.GetUtcNow()));

    public void Replaced(string name)
    {
        lock (_lock)
        {
            if (!_pending.Remove(name, out var voided)) return;
            _waitingForScan.Remove(voided);
            _file.Save(_pending.Values);
            // The file's change never reaches the cluster: say so, it was somebody's deployment.
            Voided(_logger, name, voided.Sha256);
        }
    }

    /// <summary>The changes to commit now: all but those whose file changed again after they were handed over.</summary>
    public IReadOnlyList<FolderChange> Due()
    {
        lock (_lock) return [.. _pending.Values.Where(c => !_waitingForScan.Contains(c)).OrderBy(c => c.Module, StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="change"/> is still the module's pending change (not voided or replaced).</summary>
    public bool IsPending(FolderChange change)
    {
        lock (_lock) return _pending.TryGetValue(change.Module, out var now) && ReferenceEquals(now, change);
    }

    /// <summary>
    /// Committed, or nothing to commit: forgotten. A newer change of the module that came meanwhile stays; when the
    /// store now holds what <paramref name="change"/> brought (<paramref name="storeHoldsIt"/>), that is what the newer
    /// one replaces.
    /// </summary>
    public void Done(FolderChange change, bool storeHoldsIt)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(change.Module, out var now)) return;
            if (ReferenceEquals(now, change))
            {
                _pending.Remove(change.Module);
                _waitingForScan.Remove(change);
            }
            else if (storeHoldsIt)
            {
                var rebased = now with { Replaces = change.IsRemoval ? null : change.Sha256 };
                _pending[change.Module] = rebased;
                if (_waitingForScan.Remove(now)) _waitingForScan.Add(rebased);
            }
            else
            {
                return;
            }
            _file.Save(_pending.Values);
        }
    }

    /// <summary>
    /// The file changed after the change was handed over: the scan hands over the new one. Kept meanwhile, because what
    /// it replaced is what the store must still hold for the next one.
    /// </summary>
    public void WaitForScan(FolderChange change)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(change.Module, out var now) && ReferenceEquals(now, change)) _waitingForScan.Add(change);
        }
    }

    private void Queue(FolderChange change)
    {
        lock (_lock)
        {
            // Several changes before a commit are one: from what the store held before the first to the last.
            if (_pending.TryGetValue(change.Module, out var earlier))
            {
                change = change with { Replaces = earlier.Replaces };
                _waitingForScan.Remove(earlier);
            }
            _pending[change.Module] = change;
            _file.Save(_pending.Values);
        }
        _signal.Writer.TryWrite(true);
    }

    [LoggerMessage(EventId = 2028, Level = LogLevel.Warning, Message = "module_file_change_voided")]
    private static partial void Voided(ILogger logger, string module, string sha256);
}
