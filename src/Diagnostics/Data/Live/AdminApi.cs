using System.Net.Http.Headers;
using System.Text.Json;
using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Data.Live;

/// <summary>
/// The admin API of the mik this config describes, as the data collectors use it: whether it answers at all (mik is
/// running), and GETs with <see cref="CollectContext.ApiKey"/>. The key goes in the header only, never in a message.
/// </summary>
internal sealed class AdminApi(CollectContext context) : IDisposable
{
    private readonly HttpClient _http = Create(context);

    /// <summary>Whether a mik answers on the admin listener (any status: a 401 is a running mik too).</summary>
    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var response = await _http.GetAsync("health", probe.Token);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the protected routes may be asked: only with a key. Without one, a mik that has a key would refuse the
    /// call and record it as an auth failure (an <c>AuthFailed</c> event, a rise of <c>mik_auth_failures_total</c>):
    /// a diagnosis must not leave that trace, nor set off the auth-failure alert, so the collectors read the store.
    /// </summary>
    public bool MayAsk => context.ApiKey.Length > 0;

    /// <summary>The JSON body of a GET; throws naming the path and status when it is not a success.</summary>
    public async Task<JsonElement> GetJsonAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(pathAndQuery, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        // What the admin API answers for whatever lives only in PostgreSQL while the store is away: not this run's fault.
        if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            throw new CollectorSkippedException($"mik runs but answered 503 to GET /{pathAndQuery.Split('?')[0]}: its event store (PostgreSQL) is unreachable");
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"GET {context.AdminUrl}{pathAndQuery.Split('?')[0]} answered {(int)response.StatusCode} {response.ReasonPhrase}" +
                (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden ? " (is MIK_API_KEY the server's key?)" : ""));
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Create(CollectContext context)
    {
        var http = new HttpClient { BaseAddress = context.AdminUrl, Timeout = Timeout.InfiniteTimeSpan };
        if (context.ApiKey.Length > 0) http.DefaultRequestHeaders.Add("X-API-Key", context.ApiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }
}
