using System.Net;
using System.Net.Sockets;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Hosting;

/// <summary>
/// Binds every address both listeners will use, then lets go, before mik starts anything else: a port in use
/// must end start-up before the state dir is locked, the embedded PostgreSQL started or an event spooled, all of
/// which Kestrel's own bind comes after.
/// </summary>
internal static class ListenerPreflight
{
    /// <exception cref="ListenerBindException">An address cannot be bound; the message names the listener and it.</exception>
    public static void Check(MikConfig config)
    {
        // All held at once until every address is checked (the two ports must differ: the config check says so).
        var held = new List<Socket>();
        try
        {
            Bind(held, "runtime", "server", config.Server.Host, config.Server.Port);
            Bind(held, "admin", "admin", config.Admin.Host, config.Admin.Port);
        }
        finally
        {
            foreach (var socket in held) socket.Dispose();
        }
    }

    private static void Bind(List<Socket> held, string listener, string section, string host, int port)
    {
        var localhost = host == "localhost";
        foreach (var address in Addresses(listener, section, host, localhost))
        {
            var endpoint = new IPEndPoint(address, port);
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                // As Kestrel does, so a port the previous run left in TIME_WAIT still counts as free.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                if (address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
                // Bind only, never listen: a client that connected during the check (a health probe polling for the
                // start) would be reset when the socket closes. On Linux a bind with SO_REUSEADDR still fails while
                // another socket listens on the address, which is the case to catch.
                socket.Bind(endpoint);
                held.Add(socket);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                // Kestrel serves "localhost" on IPv4 alone when the machine has no IPv6 loopback.
                if (localhost && address.AddressFamily == AddressFamily.InterNetworkV6 && e.SocketErrorCode != SocketError.AddressAlreadyInUse) continue;
                throw new ListenerBindException(
                    $"the {listener} listener ({section}.host = \"{host}\", {section}.port = {port}) cannot bind {endpoint}: {Reason(e)}", e);
            }
        }
    }

    private static IPAddress[] Addresses(string listener, string section, string host, bool localhost)
    {
        if (localhost) return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        if (IPAddress.TryParse(host, out var address)) return [address];
        try
        {
            return Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new ListenerBindException($"the {listener} listener ({section}.host = \"{host}\") cannot resolve its host: {e.Message}", e);
        }
    }

    private static string Reason(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "the address is already in use (is another mik, or another server, listening there?)",
        SocketError.AccessDenied => "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)",
        SocketError.AddressNotAvailable => "no network interface of this machine has that address",
        _ => e.Message,
    };
}
