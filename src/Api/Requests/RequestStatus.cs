namespace Mik.Durable.Api.Requests;

/// <summary>The status a finished request is logged and counted with.</summary>
internal static class RequestStatus
{
    /// <summary>
    /// 500 when the pipeline threw; 499 (nginx's "client closed request") when the client went away before a response
    /// began; the failure's status when a streamed response was cut off (<see cref="StreamedResponse"/>); otherwise the
    /// status sent.
    /// </summary>
    public static int Of(HttpContext context, bool failed) =>
        failed ? StatusCodes.Status500InternalServerError
        : context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499
        : StreamedResponse.AbortedStatus(context) is { } aborted ? aborted
        : context.Response.StatusCode;
}
