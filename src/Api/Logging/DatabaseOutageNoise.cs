using System.Net.Sockets;
using Npgsql;
using Serilog.Events;

namespace Mik.Durable.Api.Logging;

/// <summary>
/// While PostgreSQL is away, Marten's projection daemon logs an ERROR with a stack trace on every attempt to reach
/// it (about once a second), and so do Weasel's advisory locks and Marten's retries. The outage is reported once
/// by <c>event_store_degraded</c> and its end by <c>event_store_up</c> (and, for the embedded cluster, by
/// <c>embedded_postgres_down</c>/<c>_restarted</c>); those library lines add nothing, so they are dropped. Their
/// other errors, and every error that is not a lost connection, still reach the log.
/// </summary>
internal static class DatabaseOutageNoise
{
    private static readonly string[] Libraries = ["Marten", "JasperFx", "Weasel"];

    public static bool IsNoise(LogEvent logEvent) =>
        logEvent.Exception is { } exception && FromLibrary(logEvent) && IsConnectionLoss(exception);

    private static bool FromLibrary(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var value)
        && value is ScalarValue { Value: string source }
        && Libraries.Any(l => source == l || source.StartsWith(l + ".", StringComparison.Ordinal));

    private static bool IsConnectionLoss(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } or SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsConnectionLoss),
        _ => exception.InnerException is { } inner && IsConnectionLoss(inner),
    };
}
