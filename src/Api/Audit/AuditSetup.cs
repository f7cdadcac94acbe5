using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Runtime.Configuration;
using Prometheus;

namespace Mik.Durable.Api.Audit;

internal static class AuditSetup
{
    /// <summary>
    /// The audit queue (as <see cref="IAuditTrail"/>), its spool and the batching writer. Call before adding other
    /// hosted services: the writer then stops last and takes what they record while stopping.
    /// </summary>
    public static IServiceCollection AddMikAudit(this IServiceCollection services, MikConfig config)
    {
        var options = new AuditOptions
        {
            SpoolDir = Path.Combine(config.State.Dir, "audit-spool"),
            SpoolMaxBytes = config.State.AuditSpoolMaxMb * 1024L * 1024,
        };
        services.AddSingleton(options);
        services.AddSingleton<AuditQueue>();
        services.AddSingleton<IAuditTrail>(s => s.GetRequiredService<AuditQueue>());
        services.AddSingleton(_ => new AuditSpool(options.SpoolDir, options.SpoolMaxBytes));
        services.AddSingleton<AuditStore>();
        services.AddHostedService<AuditWriter>();
        return services;
    }

    /// <summary>Keeps the pending and spool gauges current at scrape time.</summary>
    public static void ExportAuditMetrics(this IServiceProvider services)
    {
        var queue = services.GetRequiredService<AuditQueue>();
        var spool = services.GetRequiredService<AuditSpool>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            AuditMetrics.Pending.Set(queue.Count + spool.PendingLines);
            AuditMetrics.SpoolBytes.Set(spool.Bytes);
        });
    }
}
