using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Mik.Durable.Api.Cli.Client;

/// <summary>
/// Talks to the admin API: the key from <c>MIK_API_KEY</c> in <c>X-API-Key</c> (never shown anywhere), a JSON answer
/// for success, and every failure as a <see cref="CliException"/> saying what to do.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    public const string KeyVariable = "MIK_API_KEY";

    private readonly HttpClient _http;
    private readonly string _where;
    private readonly bool _hasKey;

    public AdminClient(Uri baseUri, string? apiKey)
    {
        // Deploying a large module or clearing the cache compiles before answering: no short overall timeout.
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromMinutes(10),
        };
        _where = AdminEndpoint.Describe(baseUri);
        _hasKey = !string.IsNullOrEmpty(apiKey);
        // Checked here so that no HTTP library error could ever quote the value.
        if (_hasKey && apiKey!.Any(c => c is < ' ' or > '~'))
            throw new CliException($"{KeyVariable} holds characters an HTTP header cannot carry (printable ASCII only)");
        if (_hasKey) _http.DefaultRequestHeaders.TryAddWithoutValidation("X-API-Key", apiKey);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("mik-cli");
    }

    public Task<JsonElement> GetAsync(string pathAndQuery, string? module, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, module, cancellationToken);

    /// <param name="module">The module the route names, so that a 404 says which one does not exist.</param>
    public async Task<JsonElement> SendAsync(
        HttpMethod method, string pathAndQuery, HttpContent? content, string? module, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError
            || e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            throw new CliException($"mik is not running on {_where}: start it or pass --admin-url");
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach mik on {_where}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The connect timeout or the overall one: something accepts or drops packets there without answering.
            throw new CliException($"no answer from {_where} in time: is the address right, or a firewall in the way?");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode) throw new CliException(ProblemLine.For(response.StatusCode, body, module, _hasKey), Exit(response.StatusCode));
            try
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new CliException($"{_where} answered {(int)response.StatusCode} without JSON: is it mik's admin listener?");
            }
        }
    }

    // A 400 names a parameter the command line passed on: the caller's input, as for a bad flag.
    private static int Exit(HttpStatusCode status) => status == HttpStatusCode.BadRequest ? ExitCodes.Usage : ExitCodes.Failure;

    public void Dispose() => _http.Dispose();
}
