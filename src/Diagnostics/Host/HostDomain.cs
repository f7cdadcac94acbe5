using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Host.Collectors;
using Mik.Durable.Diagnostics.Host.HostChecks;

namespace Mik.Durable.Diagnostics.Host;

/// <summary>The process, its listeners, the machine's resources, and what the live server says (health, metrics).</summary>
public static class HostDomain
{
    public static IReadOnlyList<ICollector> Collectors() =>
        [new ServiceCollector(), new HealthCollector(), new MetricsCollector(), new SystemCollector()];

    public static IReadOnlyList<ICheck> Checks() =>
    [
        new ProcessRunningCheck(), new PortsListeningCheck(), new PortsConflictCheck(), new PortsBindAddressCheck(),
        new AdminKeyCheck(), new HealthCheck(), new CircuitsOpenCheck(), new CacheHitRatioCheck(), new MemoryLimitsCheck(),
        new DiskFreeCheck(), new AuthFailureSpikeCheck(),
    ];
}
