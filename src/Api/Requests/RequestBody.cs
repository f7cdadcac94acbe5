using Microsoft.AspNetCore.Http.Features;

namespace Mik.Durable.Api.Requests;

/// <summary>Reads a handler request's body into memory, bounded by <c>max_body_mb</c>.</summary>
internal static class RequestBody
{
    /// <summary>The whole body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(HttpContext context, long limit)
    {
        var declared = context.Request.ContentLength;
        if (declared > limit) return null;
        if (declared == 0 || (declared is null && context.Request.Headers.TransferEncoding.Count == 0)) return ReadOnlyMemory<byte>.Empty;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;

        var body = new byte[declared ?? 16 * 1024];
        var length = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(body.AsMemory(length), context.RequestAborted)) > 0)
        {
            length += read;
            if (length > limit) return null;
            if (length == body.Length && declared is null) Array.Resize(ref body, (int)Math.Min(Math.Max(body.Length * 2L, 4096), limit + 1));
        }
        return body.AsMemory(0, length);
    }
}
