using Mik.Durable.Tests.Shared;

namespace Mik.Durable.Api.Tests.Support;

/// <summary>A port no listener holds and no other test of this run is given (<see cref="TestPorts"/>).</summary>
internal static class FreePort
{
    public static int Next() => TestPorts.Next();
}
