using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Host;

/// <summary>The process, its listeners, the machine's resources, and what the live server says (health, metrics).</summary>
public static class HostDomain
{
    public static IReadOnlyList<ICollector> Collectors() => [];

    public static IReadOnlyList<ICheck> Checks() => [];
}
