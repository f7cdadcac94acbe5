using System.Net;
using System.Net.Sockets;

namespace Mik.Durable.EndToEnd.Tests.Support;

internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
