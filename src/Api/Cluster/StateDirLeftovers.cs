using Mik.Durable.Api.Logging;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// The temporary files a killed mik leaves in its state dir: every state file is written to <c>&lt;name&gt;.tmp</c> (or
/// <c>&lt;name&gt;.&lt;writer&gt;.tmp</c>) and renamed into place. Once <see cref="StateDirLock"/> is held no other mik
/// writes there, so any such file is a dead writer's and is removed. The embedded cluster's <c>pg/</c> is not mik's.
/// </summary>
internal static partial class StateDirLeftovers
{
    public static void Remove(string stateDir, ILoggerFactory loggers)
    {
        var removed = 0;
        foreach (var folder in new[] { stateDir, Path.Combine(stateDir, "audit-spool") })
        {
            if (!Directory.Exists(folder)) continue;
            foreach (var path in Directory.EnumerateFiles(folder, "*.tmp"))
            {
                try
                {
                    File.Delete(path);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Never read; the next write of that state file replaces it anyway.
                }
            }
        }
        if (removed > 0) Removed(loggers.CreateLogger(LogTargets.Server), removed, stateDir);
    }

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "state_temporary_files_removed")]
    private static partial void Removed(ILogger logger, int files, string stateDir);
}
