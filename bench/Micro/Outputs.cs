using System.Text;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Micro;

/// <summary>The guest outputs <see cref="CgiParseBenchmarks"/> parses.</summary>
internal static class Outputs
{
    // Headers a real handler sends: the content headers, caching, a cookie, security headers, a correlation id.
    private const string TenHeaders =
        "Status: 200 OK\n" +
        "Content-Type: application/json; charset=utf-8\n" +
        "Cache-Control: no-store, max-age=0\n" +
        "ETag: \"5d8c72a5edda8d6a\"\n" +
        "Last-Modified: Wed, 02 Dec 2026 17:00:00 GMT\n" +
        "Set-Cookie: session=8f14e45fceea167a5a36dedd4bea2543; Path=/; HttpOnly; SameSite=Lax\n" +
        "Vary: Accept-Encoding\n" +
        "X-Content-Type-Options: nosniff\n" +
        "X-Frame-Options: DENY\n" +
        "X-Request-Id: 0f6c2a9e-61d4-4b7e-9a43-1c9d2f0e7b15\n" +
        "\n" +
        "{\"greeting\":\"Hello from mik\",\"items\":[1,2,3]}\n";

    public static ReadOnlyMemory<byte> Of(string name) => name switch
    {
        "hello" => HelloStdout(),
        "ten_headers" => Encoding.UTF8.GetBytes(TenHeaders),
        _ => throw new ArgumentException($"no output named {name}", nameof(name)),
    };

    /// <summary>What hello really writes: its stdout from one run.</summary>
    private static byte[] HelloStdout()
    {
        using var guests = new Guests();
        using var stdout = new OutputBuffer(guests.Engine.Options.MaxStdoutBytes);
        if (guests.InstanceAndRun(guests.Hello, Guests.Get("hello"), stdout).Error is { } error) throw error;
        return stdout.Written.ToArray();
    }
}
