using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Mik.Durable.Diagnostics.Host.Proc;

/// <summary>
/// Reads <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>, the table <c>ss -tln</c> prints: the local address is hex in
/// the kernel's byte order (32-bit words, little-endian on the machines mik runs on), state <c>0A</c> is LISTEN.
/// </summary>
internal static class ProcNetTcp
{
    private const string ListenState = "0A";

    public static IReadOnlyList<TcpSocket> Read(string procRoot = "/proc")
    {
        var sockets = new List<TcpSocket>();
        foreach (var (file, v6) in new[] { ("net/tcp", false), ("net/tcp6", true) })
        {
            var path = Path.Combine(procRoot, file);
            // No tcp6 table when IPv6 is off in the kernel: nothing listens there.
            if (File.Exists(path)) sockets.AddRange(Parse(File.ReadAllText(path), v6));
        }
        return sockets;
    }

    public static IReadOnlyList<TcpSocket> Parse(string text, bool ipv6)
    {
        var sockets = new List<TcpSocket>();
        foreach (var line in text.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10) continue;
            var colon = fields[1].IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var address = Address(fields[1][..colon], ipv6);
            var port = int.Parse(fields[1][(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var inode = long.Parse(fields[9], CultureInfo.InvariantCulture);
            sockets.Add(new TcpSocket(address, port, fields[3] == ListenState, inode));
        }
        return sockets;
    }

    private static string Address(string hex, bool ipv6)
    {
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            var value = uint.Parse(hex.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(word * 4), value);
        }
        var address = new IPAddress(bytes);
        // A dual-stack socket bound to an IPv4 address shows as ::ffff:a.b.c.d; say it as the config would.
        return (ipv6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
