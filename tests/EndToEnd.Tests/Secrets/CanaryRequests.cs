using System.Net.Http.Headers;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>Sends requests of a canary run and searches every answer (status line, headers and body) it gets back.</summary>
internal sealed class CanaryRequests(CanaryScan scan, HttpClient runtime, HttpClient admin, string apiKey)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<(int Status, string Body)> RunAsync(string target) => SendAsync(runtime, "runtime", HttpMethod.Get, target, null, []);

    /// <summary>An admin request with the right key.</summary>
    public Task<(int Status, string Body)> AdminAsync(HttpMethod method, string target, byte[]? body = null) =>
        SendAsync(admin, "admin", method, target, body, [apiKey]);

    /// <summary>An admin request with these <c>X-API-Key</c> headers (none, wrong, or several).</summary>
    public Task<(int Status, string Body)> AdminWithKeysAsync(string target, params string[] keys) =>
        SendAsync(admin, "admin", HttpMethod.Get, target, null, keys);

    private async Task<(int, string)> SendAsync(HttpClient client, string listener, HttpMethod method, string target, byte[]? body, string[] keys)
    {
        using var request = new HttpRequestMessage(method, target);
        foreach (var key in keys) request.Headers.TryAddWithoutValidation("X-API-Key", key);
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/wasm") } };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var status = (int)response.StatusCode;
        scan.Check($"the answer to {listener} {method} {target} ({status})", $"{response.Headers}{response.Content.Headers}\n{text}");
        return (status, text);
    }
}
