namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>The convergence loop's log lines (target <c>mik::event_store</c>, docs/operations.md, Convergence).</summary>
internal static partial class ConvergenceLog
{
    [LoggerMessage(EventId = 4130, Level = LogLevel.Information, Message = "module_converged")]
    public static partial void Converged(ILogger logger, string module, string sha256, string? previousSha256);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Warning, Message = "module_activation_failed")]
    public static partial void ActivationFailed(ILogger logger, string module, string sha256, string reason);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Warning, Message = "cluster_converge_failed")]
    public static partial void PassFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 4133, Level = LogLevel.Information, Message = "cluster_converge_resumed")]
    public static partial void PassResumed(ILogger logger);

    [LoggerMessage(EventId = 4134, Level = LogLevel.Warning, Message = "cluster_listen_lost")]
    public static partial void ListenLost(ILogger logger, string channel, string error);

    [LoggerMessage(EventId = 4135, Level = LogLevel.Information, Message = "cluster_listen_resumed")]
    public static partial void ListenResumed(ILogger logger, string channel);

    [LoggerMessage(EventId = 4136, Level = LogLevel.Warning, Message = "cluster_converge_timed_out")]
    public static partial void StartTimedOut(ILogger logger, int convergeTimeoutSecs);

    [LoggerMessage(EventId = 4137, Level = LogLevel.Warning, Message = "convergence_state_unreadable")]
    public static partial void StateUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 4138, Level = LogLevel.Warning, Message = "convergence_state_write_failed")]
    public static partial void StateWriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 4139, Level = LogLevel.Information, Message = "module_bytes_stored")]
    public static partial void BytesStored(ILogger logger, string module, string sha256);

    [LoggerMessage(EventId = 4140, Level = LogLevel.Warning, Message = "module_file_broken_held")]
    public static partial void BrokenFileHeld(ILogger logger, string module, string sha256, string problem);
}
