using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// One HTTP/1.x exchange over a plain socket with bytes exactly as given (no client would send most catalogue rows).
/// Reads until the answer is complete by its own framing, or the server closes the connection.
/// </summary>
internal static class RawExchange
{
    /// <summary>Generous: the slow-body rows wait out Kestrel's 5 s grace first, on a loaded machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>A request line, <c>Host</c> and <c>Connection: close</c> (unless <paramref name="headers"/> is raw), the headers and body.</summary>
    public static byte[] Request(string method, string target, string headers = "", byte[]? body = null, string version = "HTTP/1.1")
    {
        var head = new StringBuilder($"{method} {target} {version}\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var line in headers.Split('\n', StringSplitOptions.RemoveEmptyEntries)) head.Append(line).Append("\r\n");
        if (body is not null && !headers.Contains("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            && !headers.Contains("Content-Length", StringComparison.OrdinalIgnoreCase))
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        return [.. Encoding.Latin1.GetBytes(head.Append("\r\n").ToString()), .. body ?? []];
    }

    /// <summary>A chunked body of <paramref name="size"/> bytes (rounded up to 64 KiB chunks) and its last chunk.</summary>
    public static byte[] Chunked(int size)
    {
        var chunk = new string('x', 64 * 1024);
        var body = new StringBuilder();
        for (var sent = 0; sent < size; sent += chunk.Length) body.Append(CultureInfo.InvariantCulture, $"{chunk.Length:x}\r\n{chunk}\r\n");
        return Encoding.ASCII.GetBytes(body.Append("0\r\n\r\n").ToString());
    }

    /// <summary>Sends <paramref name="request"/>, then <paramref name="trickle"/> (if any) one byte a second, and reads the answer.</summary>
    public static async Task<BadInputAnswer> SendAsync(int port, byte[] request, CancellationToken ct, byte[]? trickle = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, ct);
        var stream = client.GetStream();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        try
        {
            await stream.WriteAsync(request, deadline.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (an oversized request line).
        }
        var received = new MemoryStream();
        var reading = ReadAsync(stream, received, deadline.Token);
        if (trickle is not null) _ = TrickleAsync(stream, trickle, reading, deadline.Token);
        await reading;
        return Parse(received.ToArray());
    }

    private static async Task TrickleAsync(NetworkStream stream, byte[] bytes, Task answered, CancellationToken ct)
    {
        try
        {
            foreach (var b in bytes)
            {
                await Task.WhenAny(answered, Task.Delay(TimeSpan.FromSeconds(1), ct));
                if (answered.IsCompleted) return;
                await stream.WriteAsync(new[] { b }, ct);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The server gave up on the slow body: that is what the row is about.
        }
    }

    private static async Task ReadAsync(NetworkStream stream, MemoryStream received, CancellationToken ct)
    {
        var buffer = new byte[65536];
        while (!Complete(received.ToArray()))
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, ct);
            }
            catch (IOException)
            {
                return; // reset by the server: what arrived is the answer
            }
            if (read == 0) return;
            received.Write(buffer, 0, read);
        }
    }

    private static bool Complete(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0) return false;
        var head = text[..split];
        if (head.StartsWith("HTTP/1.1 1", StringComparison.Ordinal)) return false; // 1xx: the real answer follows
        var length = HeaderOf(head, "Content-Length");
        if (length is not null) return bytes.Length - split - 4 >= long.Parse(length, CultureInfo.InvariantCulture);
        if (HeaderOf(head, "Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        return head.StartsWith("HTTP/1.1 204", StringComparison.Ordinal) || head.StartsWith("HTTP/1.1 304", StringComparison.Ordinal);
    }

    private static string? HeaderOf(string head, string name) => head.Split("\r\n").Skip(1)
        .Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
        .Select(p => p[1].Trim()).FirstOrDefault();

    private static BadInputAnswer Parse(byte[] bytes)
    {
        if (Http2Frame.Goaway(bytes) is { } goaway) return goaway;
        var at = 0;
        int split;
        while ((split = IndexOf(bytes, "\r\n\r\n"u8, at)) >= 0 && bytes.AsSpan(at).StartsWith("HTTP/1.1 1"u8))
            at = split + 4; // 1xx: the real answer follows
        if (split < 0)
            return bytes.Length == at ? BadInputAnswer.Closed : throw new Xunit.Sdk.XunitException("incomplete HTTP answer: " + Encoding.Latin1.GetString(bytes));
        var lines = Encoding.Latin1.GetString(bytes, at, split - at).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .Select(p => KeyValuePair.Create(p[0].Trim(), p[1].Trim())).ToList();
        var body = bytes[(split + 4)..];
        if (headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked")))
            body = Unchunk(body);
        return new BadInputAnswer(status, headers, Encoding.UTF8.GetString(body));
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> value, int from)
    {
        var found = bytes.AsSpan(from).IndexOf(value);
        return found < 0 ? -1 : from + found;
    }

    private static byte[] Unchunk(byte[] chunked)
    {
        var body = new MemoryStream();
        var at = 0;
        while (IndexOf(chunked, "\r\n"u8, at) is var end and >= 0)
        {
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, at, end - at).Split(';')[0], 16);
            if (size == 0) break;
            body.Write(chunked, end + 2, Math.Min(size, chunked.Length - end - 2));
            at = end + 2 + size + 2;
        }
        return body.ToArray();
    }
}
