using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Api.Requests;

/// <summary>
/// How a streamed component run ends where a buffered one cannot (docs/components.md, "Streaming"). A response
/// that had begun and cannot finish is cut off: the connection is aborted, so the client sees no final chunk and
/// never takes a partial body as complete, and the request is logged and counted with the status its failure would
/// have had (499 when the client left). A run that failed after a read of its body passed <c>max_body_mb</c> or met
/// a body Kestrel refuses is answered as before a module runs (413, 400, 408).
/// </summary>
internal static partial class StreamedResponse
{
    /// <summary>
    /// The answer for a streamed run, or null when the usual one applies (nothing sent yet, not the client's doing).
    /// Neutral: the client's doing, not the module's failure; the breaker ignores it.
    /// </summary>
    public static (IResult? Answer, bool Neutral)? Outcome(HttpContext context, ComponentConnection connection, WagiResult result,
        string module, ILogger logger, int maxBodyMb)
    {
        // A wait that ran into the deadline makes Kestrel abort the connection itself: that is the timeout, not the client.
        var clientGone = result.Failure?.Kind != WagiFailureKind.HandlerTimeout
            && (connection.ClientLost || context.RequestAborted.IsCancellationRequested);
        var clientsFault = clientGone || connection.RequestBodyTooLarge || connection.Rejected is not null;
        if (context.Response.HasStarted)
        {
            if (clientGone) Abort(context, logger, module, 499, "client_gone");
            else if (result.Failure is { } failure)
            {
                var (status, code) = (failure.HttpStatus, failure.Code);
                if (connection.RequestBodyTooLarge) (status, code) = (413, BodyTooLarge);
                else if (connection.Rejected is { } refused) (status, code, _) = RequestBodyRejection.Record(logger, context, refused, module);
                if (connection.RequestBodyTooLarge) RequestMetrics.Reject(BodyTooLarge);
                Abort(context, logger, module, status, code);
            }
            return (null, clientsFault);
        }
        // Gone before anything was sent (while the guest read its body, say): nobody to answer, nothing to blame.
        if (clientGone) return (null, true);
        if (result.Failure is null) return null;
        if (connection.RequestBodyTooLarge)
        {
            RequestMetrics.Reject(BodyTooLarge);
            return (HandlerError.Result(context, 413, BodyTooLarge, $"the request body exceeds max_body_mb = {maxBodyMb}", module), true);
        }
        if (connection.Rejected is { } rejected) return (RequestBodyRejection.Answer(logger, context, rejected, module), true);
        return null;
    }

    /// <summary>
    /// The status an aborted streamed response counts as; null for any other request. A feature rather than
    /// <c>Items</c>: looking up one that is absent allocates nothing, and Kestrel cancels <c>RequestAborted</c> after
    /// an abort only later, on another thread, so it cannot tell.
    /// </summary>
    public static int? AbortedStatus(HttpContext context) => context.Features.Get<AbortedResponseFeature>()?.Status;

    private const string BodyTooLarge = "body_too_large";

    private static void Abort(HttpContext context, ILogger logger, string module, int status, string error)
    {
        ResponseAborted(logger, module, error, status);
        context.Features.Set(new AbortedResponseFeature(status));
        context.Abort();
    }

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "response_aborted")]
    private static partial void ResponseAborted(ILogger logger, string module, string error, int status);
}
