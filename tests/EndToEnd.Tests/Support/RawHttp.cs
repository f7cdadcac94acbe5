using System.Net.Sockets;
using System.Text;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>HTTP/1.1 over a plain socket, for requests no HTTP client would send (bad chunks, a body that stalls).</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="head"/> (request line and headers, no blank line) and <paramref name="body"/>,
    /// keeps the connection open without sending more, and returns the response once the server closes it.</summary>
    public static async Task<(int Status, string ContentType, string Body)> SendAsync(int port, string head, byte[] body, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);

        // Generous: the slow-body case waits out Kestrel's 5 s grace period first.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, deadline.Token);
        return Parse(Encoding.UTF8.GetString(received.ToArray()));
    }

    private static (int Status, string ContentType, string Body) Parse(string response)
    {
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0) throw new Xunit.Sdk.XunitException("no complete HTTP response: " + response);
        var lines = response[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        string Header(string name) => lines.Skip(1).Select(l => l.Split(':', 2))
            .FirstOrDefault(p => p[0].Equals(name, StringComparison.OrdinalIgnoreCase))?[1].Trim() ?? "";
        var body = response[(split + 4)..];
        if (Header("Transfer-Encoding").Equals("chunked", StringComparison.OrdinalIgnoreCase)) body = Unchunk(body);
        return (status, Header("Content-Type"), body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..end], 16);
            if (size == 0) return body.ToString();
            body.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }
    }
}
