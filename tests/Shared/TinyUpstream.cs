using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mik.Durable.Tests.Shared;

/// <summary>
/// A plain HTTP/1.1 server on 127.0.0.1 for outgoing-call tests: it reads each request (a Content-Length or chunked
/// body) and answers <see cref="Status"/> with a body that says what it received, or, when <see cref="Silent"/>,
/// keeps the connection open and never answers.
/// </summary>
internal sealed class TinyUpstream : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public TinyUpstream(int status = 200, bool silent = false)
    {
        Status = status;
        Silent = silent;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Status { get; }
    public bool Silent { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Authority => $"127.0.0.1:{Port}";

    /// <summary>Requests read so far (a silent upstream counts them too).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.Latin1);
            var requestLine = await reader.ReadLineAsync(_stop.Token) ?? "";
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var line = await reader.ReadLineAsync(_stop.Token); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync(_stop.Token))
                headers[line[..line.IndexOf(':')]] = line[(line.IndexOf(':') + 1)..].Trim();
            var body = new StringBuilder();
            if (headers.TryGetValue("content-length", out var length))
            {
                var buffer = new char[int.Parse(length)];
                await reader.ReadBlockAsync(buffer, _stop.Token);
                body.Append(buffer);
            }
            else if (headers.TryGetValue("transfer-encoding", out var coding) && coding.Contains("chunked"))
            {
                for (var size = Convert.ToInt32(await reader.ReadLineAsync(_stop.Token), 16); size > 0;
                     size = Convert.ToInt32(await reader.ReadLineAsync(_stop.Token), 16))
                {
                    var chunk = new char[size];
                    await reader.ReadBlockAsync(chunk, _stop.Token);
                    body.Append(chunk);
                    await reader.ReadLineAsync(_stop.Token);
                }
            }
            Interlocked.Increment(ref _requests);
            if (Silent)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }
            var answer = Encoding.UTF8.GetBytes($"upstream saw {requestLine.Replace(" HTTP/1.1", "")}: {body}");
            var head = $"HTTP/1.1 {Status} Whatever\r\nContent-Length: {answer.Length}\r\nX-Upstream: tiny\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.Latin1.GetBytes(head), _stop.Token);
            await stream.WriteAsync(answer, _stop.Token);
        }
        catch (Exception)
        {
            // The test ended or the client went away.
        }
    }
}
