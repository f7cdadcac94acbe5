using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Mik.Durable.Api.Requests;

/// <summary>The JSON body of every runtime error (docs/runtime.md).</summary>
internal sealed record HandlerError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("module")] string Module,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("trace_id")] string TraceId)
{
    public static IResult Result(HttpContext context, int status, string error, string message, string module, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } wait)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var traceId = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
        return TypedResults.Json(new HandlerError(error, message, module, status, traceId), statusCode: status);
    }
}
