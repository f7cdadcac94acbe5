using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Logging;

/// <summary>
/// A Loki push endpoint for tests: refuses the first <c>failFirst</c> pushes with 500, or (<c>hang</c>) never
/// answers at all; otherwise takes each push with 204 and keeps its lines, as Loki would store them.
/// </summary>
internal sealed class StandInLoki : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int _failFirst;
    private readonly bool _hang;
    private int _pushes;

    public StandInLoki(int failFirst = 0, bool hang = false)
    {
        (_failFirst, _hang) = (failFirst, hang);
        Port = Ports.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Lines of the pushes answered 204: stream labels, timestamp and line.</summary>
    public ConcurrentQueue<(IReadOnlyDictionary<string, string> Labels, JsonValueKind TimestampKind, string Timestamp, string Line)> Stored { get; } = new();

    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>Every push body received, decompressed, as sent (refused ones too).</summary>
    public ConcurrentQueue<byte[]> Bodies { get; } = new();

    public int Refused { get; private set; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        if (_hang) return;
        var request = context.Request;
        if (request.Url!.AbsolutePath != "/loki/api/v1/push" || request.HttpMethod != "POST") Problems.Enqueue($"{request.HttpMethod} {request.Url}");
        if (request.Headers["Content-Encoding"] != "gzip") Problems.Enqueue("Content-Encoding: " + request.Headers["Content-Encoding"]);
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true) Problems.Enqueue("Content-Type: " + request.ContentType);
        using var body = new MemoryStream();
        using (var gzip = new GZipStream(request.InputStream, CompressionMode.Decompress)) gzip.CopyTo(body);
        Bodies.Enqueue(body.ToArray());
        using var push = JsonDocument.Parse(body.ToArray());
        if (Interlocked.Increment(ref _pushes) <= _failFirst)
        {
            Refused++;
            context.Response.StatusCode = 500;
            context.Response.Close();
            return;
        }
        foreach (var stream in push.RootElement.GetProperty("streams").EnumerateArray())
        {
            var labels = stream.GetProperty("stream").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            foreach (var value in stream.GetProperty("values").EnumerateArray())
                Stored.Enqueue((labels, value[0].ValueKind, value[0].ToString(), value[1].GetString()!));
        }
        context.Response.StatusCode = 204;
        context.Response.Close();
    }

    public void Dispose() => _listener.Close();
}
