using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.AuthFailures;
using Mik.Durable.Domain.Breakers;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.AuditBench;

/// <summary>
/// A mix shaped like a busy mik: mostly auth failures (one stream a day) and breaker transitions, then cache and
/// module events, over 50 modules, so batches append to many streams at once and to one hot stream.
/// </summary>
internal static class BenchEvents
{
    private const int Modules = 50;

    public static IAuditEvent Make(long i, DateTimeOffset at)
    {
        var module = "m" + (i % Modules);
        return (i % 10) switch
        {
            0 or 1 or 2 or 3 => new AuthFailed(at, "invalid_key", "10.0.0." + (i % 250), "POST", "/admin/modules/" + module, "curl/8.5.0"),
            4 => new CircuitOpened(module, at, 5, "handler_trap: unreachable executed"),
            5 => new CircuitHalfOpened(module, at),
            6 => new CircuitClosed(module, at, 30_000),
            7 => new AotCompiled(module, at, new string('a', 64), 42, 131_072),
            8 => new CacheEvicted(module, at, 131_072, "capacity"),
            _ => new ModuleDeployed(module, at, new string('b', 64), 65_536, DeploySources.Filesystem, "filesystem"),
        };
    }
}
