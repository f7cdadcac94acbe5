using Microsoft.Extensions.Logging;

namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// The one log line for a module that cannot be instantiated, whether the loader, a rescan or a request finds it
/// (docs/runtime.md, The modules folder). One message and one event id; two levels on purpose: a file found broken
/// at load or reload is a WARN once per version (mik keeps serving, the operator fixes the file), a request that
/// meets it is an ERROR because a client was answered 500.
/// </summary>
internal static partial class InstantiateFailedLog
{
    public static void OnLoad(ILogger logger, string module, string error) => Write(logger, LogLevel.Warning, module, error);

    public static void OnRequest(ILogger logger, string module, string error) => Write(logger, LogLevel.Error, module, error);

    [LoggerMessage(EventId = 2001, Message = "Failed to instantiate module {module}: {error}")]
    private static partial void Write(ILogger logger, LogLevel level, string module, string error);
}
