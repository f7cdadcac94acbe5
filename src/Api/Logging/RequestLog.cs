namespace Mik.Durable.Api.Logging;

internal static partial class RequestLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "request_completed")]
    public static partial void Completed(ILogger logger, string method, string path, int status, double durationMs, string? module);
}
