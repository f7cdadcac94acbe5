using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Api.Requests;

/// <summary>The log lines a handler run leaves: its stderr, its failure, warnings about its output.</summary>
internal static partial class GuestOutputLog
{
    public static void Write(HandlerLoggers loggers, string module, WagiResult result)
    {
        foreach (var line in result.StderrLines) GuestStderr(loggers.Guest, line, module);
        if (result.Failure is { } failure)
        {
            var runtime = loggers.Runtime;
            if (failure.Kind == WagiFailureKind.InstantiateFailed) InstantiateFailedLog.OnRequest(runtime, module, failure.Message);
            else HandlerFailed(runtime, module, failure.Code, failure.Message);
        }
        else
        {
            foreach (var warning in result.Response!.Warnings) OutputWarning(loggers.Runtime, module, warning);
        }
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "{line}")]
    private static partial void GuestStderr(ILogger logger, string line, string module);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "handler_failed")]
    private static partial void HandlerFailed(ILogger logger, string module, string error, string detail);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "handler_output_warning")]
    private static partial void OutputWarning(ILogger logger, string module, string warning);
}
