using System.Net;
using System.Text;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>An HTTP server on a free local port answering 203 "upstream saw GET &lt;path&gt;", counting requests.</summary>
internal sealed class TinyUpstream : IDisposable
{
    private readonly HttpListener _listener = new();
    private int _requests;

    public TinyUpstream()
    {
        Port = Ports.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string Authority => $"127.0.0.1:{Port}";
    public int Requests => Volatile.Read(ref _requests);

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
            Interlocked.Increment(ref _requests);
            var body = Encoding.UTF8.GetBytes($"upstream saw {context.Request.HttpMethod} {context.Request.RawUrl}");
            context.Response.StatusCode = 203;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
