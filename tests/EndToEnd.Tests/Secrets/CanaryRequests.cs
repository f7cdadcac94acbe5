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

    /// <summary>A request whose User-Agent is <paramref name="userAgent"/>, to the admin API with a wrong key or to the runtime.</summary>
    public Task<(int Status, string Body)> WithUserAgentAsync(bool toAdmin, string target, string userAgent) =>
        toAdmin
            ? SendAsync(admin, "admin", HttpMethod.Get, target, null, ["wrong"], userAgent)
            : SendAsync(runtime, "runtime", HttpMethod.Get, target, null, [], userAgent);

    private async Task<(int, string)> SendAsync(
        HttpClient client, string listener, HttpMethod method, string target, byte[]? body, string[] keys, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(method, target);
        if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        foreach (var key in keys) request.Headers.TryAddWithoutValidation("X-API-Key", key);
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/wasm") } };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var status = (int)response.StatusCode;
        scan.Check($"the answer to {listener} {method} {target} ({status})", $"{response.Headers}{response.Content.Headers}\n{text}");
        return (status, text);
    }
}
