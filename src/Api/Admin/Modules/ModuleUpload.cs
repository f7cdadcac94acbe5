using Microsoft.AspNetCore.Http.Features;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>Reads a <c>PUT /modules/{name}</c> body, never more than one byte past the limit.</summary>
internal static class ModuleUpload
{
    /// <returns>The bytes (empty when over <paramref name="maxBytes"/>) and the size sent, or more than the limit when cut short.</returns>
    public static async Task<(byte[] Bytes, long Size)> ReadAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength is { } declared && declared > maxBytes) return ([], declared);
        // Kestrel's own limit (30 MB by default) would end the read with its own error; this one is ours to tell.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > maxBytes) return ([], maxBytes + 1);
            body.Write(buffer, 0, read);
        }
        return (body.ToArray(), body.Length);
    }
}
