using Mik.Durable.Tests.Shared;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>A port no listener holds and no other test of this run is given (<see cref="TestPorts"/>).</summary>
internal static class Ports
{
    public static int Free() => TestPorts.Next();
}
