using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Mik.Durable.Tests.Shared;

/// <summary>
/// Ports for the listeners tests start. A port found by binding to 0 comes from the kernel's ephemeral range, so
/// between the test closing it and mik binding it the kernel can hand it to another bind(0) or an outgoing
/// connection: two functional hosts in one run were given the same admin port that way. These ports lie below the
/// ephemeral range (32768 and up on Linux), each test assembly draws from its own block, and within a process no
/// port is handed out twice.
/// </summary>
internal static class TestPorts
{
    private const int FirstPort = 10000;
    private const int BlockSize = 4500;
    private static readonly int Block = BlockOf(Assembly.GetEntryAssembly()?.GetName().Name ?? "");
    // Start somewhere else each run, so a port a previous run left in TIME_WAIT is not the first one tried.
    private static int _next = (int)((long)Environment.ProcessId * 7919 % BlockSize);

    public static int Next()
    {
        for (var tried = 0; tried < BlockSize; tried++)
        {
            var port = FirstPort + Block * BlockSize + Interlocked.Increment(ref _next) % BlockSize;
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException($"no free port in {FirstPort + Block * BlockSize}–{FirstPort + (Block + 1) * BlockSize - 1}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            // The wildcard address: a port free there is free on loopback too, and mik may bind either.
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int BlockOf(string assembly) => assembly switch
    {
        "Mik.Durable.Api.Tests" => 0,
        "Mik.Durable.EndToEnd.Tests" => 1,
        "Mik.Durable.Runtime.Tests" => 2,
        "Mik.Durable.Diagnostics.Tests" => 3,
        _ => 4,
    };
}
