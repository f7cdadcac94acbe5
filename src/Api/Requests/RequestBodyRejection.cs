namespace Mik.Durable.Api.Requests;

/// <summary>
/// A request body Kestrel refused while mik read it: malformed framing (a bad chunk size, a body cut short) or data
/// arriving slower than Kestrel's minimum rate (240 bytes/s after a 5 s grace). The client's fault, so a 400 or
/// 408 in mik's own shape, one WARN line without a stack trace, and a count in <c>mik_requests_rejected_total</c>.
/// </summary>
internal static partial class RequestBodyRejection
{
    public const string Malformed = "bad_request_body";
    public const string TooSlow = "request_body_timeout";

    /// <summary>Logs and counts the refusal; the caller answers with the returned status, code and message.</summary>
    public static (int Status, string Error, string Message) Record(ILogger logger, HttpContext context, BadHttpRequestException refused, string module)
    {
        var (status, error, message) = refused.StatusCode == StatusCodes.Status408RequestTimeout
            ? (StatusCodes.Status408RequestTimeout, TooSlow, "the request body arrived slower than the server's minimum data rate")
            : (StatusCodes.Status400BadRequest, Malformed, "the request body is malformed or ended early");
        RequestMetrics.Reject(error);
        Rejected(logger, error, status, refused.Message, context.Request.Method, context.Request.Path.Value ?? "", module);
        return (status, error, message);
    }

    /// <summary>The runtime listener's answer: the JSON error of docs/runtime.md.</summary>
    public static IResult Answer(ILogger logger, HttpContext context, BadHttpRequestException refused, string module)
    {
        var (status, error, message) = Record(logger, context, refused, module);
        return HandlerError.Result(context, status, error, message, module);
    }

    // Kestrel's reason is a fixed text of its own ("Bad chunk size data."), never the client's bytes.
    [LoggerMessage(EventId = 2230, Level = LogLevel.Warning, Message = "request_body_rejected")]
    private static partial void Rejected(ILogger logger, string error, int status, string reason, string method, string path, string module);
}
