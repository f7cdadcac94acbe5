using Mik.Durable.Api.Logging;

namespace Mik.Durable.Api.Requests;

/// <summary>The loggers of the request path, created once: <c>ILoggerFactory.CreateLogger</c> takes a lock.</summary>
internal sealed class HandlerLoggers(ILoggerFactory loggers)
{
    public ILogger Runtime { get; } = loggers.CreateLogger(LogTargets.Runtime);
    public ILogger Guest { get; } = loggers.CreateLogger(LogTargets.Guest);
}
