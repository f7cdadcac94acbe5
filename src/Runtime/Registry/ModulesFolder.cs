using Microsoft.Extensions.Logging;

namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// Whether the modules folder is there, as the last scan found it. A folder that goes away (an unmounted volume, a
/// deleted folder) is one WARN <c>modules_dir_missing</c>, and its return one INFO <c>modules_dir_back</c>;
/// <c>/health</c> shows the state in between. See docs/runtime.md, The modules folder.
/// </summary>
internal sealed partial class ModulesFolder(string path, ILogger logger)
{
    private const int Unknown = 0, Present = 1, Missing = 2;
    private int _state;
    private bool _seen;

    public string Path { get; } = path;

    /// <summary>The last scan found no folder.</summary>
    public bool IsMissing => Volatile.Read(ref _state) == Missing;

    /// <summary>
    /// The folder was there earlier in this run and is gone now. Creating it again then (say, for an upload) would put
    /// an empty folder where a volume belongs, and the next scan would take every module for removed.
    /// </summary>
    public bool IsLost => IsMissing && Volatile.Read(ref _seen);

    /// <summary>Looks, logs a change of state, and says whether the folder is there.</summary>
    public bool Check()
    {
        var exists = Directory.Exists(Path);
        var previous = Interlocked.Exchange(ref _state, exists ? Present : Missing);
        if (exists)
        {
            if (previous == Missing) Back(logger, Path);
            Volatile.Write(ref _seen, true);
        }
        else if (previous != Missing)
        {
            DirMissing(logger, Path, Volatile.Read(ref _seen) ? "gone" : "not_created");
        }
        return exists;
    }

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "modules_dir_missing")]
    private static partial void DirMissing(ILogger logger, string path, string state);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "modules_dir_back")]
    private static partial void Back(ILogger logger, string path);
}
