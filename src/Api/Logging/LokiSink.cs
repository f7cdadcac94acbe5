using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;

namespace Mik.Durable.Api.Logging;

/// <summary>
/// Pushes batches of the same JSON lines to Grafana Loki (<c>POST /loki/api/v1/push</c>). Labels stay few and
/// low-cardinality (<c>app</c>, <c>instance</c> = host name, <c>level</c>); everything else is in the line.
/// Serilog's batching supplies the bounded queue and the retries with backoff: a 429/5xx or a network error
/// is thrown so the batch is retried; a 4xx is Loki refusing the data, so the batch is dropped and reported.
/// </summary>
internal sealed class LokiSink(Uri baseUrl, string instance, ITextFormatter formatter, HttpMessageHandler? handler = null)
    : IBatchedLogEventSink, IDisposable
{
    private readonly HttpClient _http = CreateClient(baseUrl, handler);

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        // gzip: JSON log lines compress about tenfold, and Loki decompresses a gzip Content-Encoding itself.
        using var content = new ByteArrayContent(Gzip(Serialize(batch)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await _http.PostAsync("loki/api/v1/push", content).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            throw new HttpRequestException($"Loki answered {(int)response.StatusCode}: {body}");
        SelfLog.WriteLine("Loki refused {0} log lines with {1}: {2}", batch.Count, (int)response.StatusCode, body);
    }

    internal byte[] Serialize(IReadOnlyCollection<LogEvent> batch)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("streams");
            foreach (var level in batch.GroupBy(e => MikJsonFormatter.Level(e.Level)))
            {
                json.WriteStartObject();
                json.WriteStartObject("stream");
                json.WriteString("app", "mik");
                json.WriteString("instance", instance);
                json.WriteString("level", level.Key);
                json.WriteEndObject();
                json.WriteStartArray("values");
                foreach (var logEvent in level)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(UnixNanoseconds(logEvent.Timestamp));
                    json.WriteStringValue(Line(logEvent));
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private string Line(LogEvent logEvent)
    {
        var writer = new StringWriter(new StringBuilder(256), CultureInfo.InvariantCulture);
        formatter.Format(logEvent, writer);
        return writer.ToString().TrimEnd('\n');
    }

    private static string UnixNanoseconds(DateTimeOffset timestamp) =>
        ((timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    private static byte[] Gzip(byte[] body)
    {
        using var buffer = new MemoryStream(body.Length / 4 + 64);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
        return buffer.ToArray();
    }

    /// <summary>
    /// A user and password in the URL (<c>https://user:token@logs.example/</c>, as hosted Loki and auth proxies
    /// take them) become a Basic <c>Authorization</c> header: HttpClient itself ignores the URL's user info.
    /// </summary>
    private static HttpClient CreateClient(Uri baseUrl, HttpMessageHandler? handler)
    {
        var http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new UriBuilder(baseUrl) { UserName = "", Password = "" }.Uri,
            Timeout = TimeSpan.FromSeconds(10),
        };
        if (baseUrl.UserInfo.Length > 0)
        {
            var credentials = Uri.UnescapeDataString(baseUrl.UserInfo);
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        return http;
    }

    public void Dispose() => _http.Dispose();
}
