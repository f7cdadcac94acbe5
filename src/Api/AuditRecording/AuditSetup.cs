using Marten;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Runtime.Configuration;
using Prometheus;

namespace Mik.Durable.Api.AuditRecording;

internal static class AuditSetup
{
    /// <summary>
    /// The audit queue (as <see cref="IAuditTrail"/>), its spool and the batching writer. Call before adding the hosted
    /// services that record events (event store, instances, handlers): the writer then stops after them and takes
    /// what they record while stopping.
    /// </summary>
    public static WebApplicationBuilder AddMikAudit(this WebApplicationBuilder builder, MikConfig config)
    {
        var services = builder.Services;
        var options = new AuditOptions
        {
            SpoolDir = Path.Combine(config.State.Dir, "audit-spool"),
            SpoolMaxBytes = config.State.AuditSpoolMaxMb * 1024L * 1024,
        };
        services.AddSingleton(options);
        services.AddSingleton<AuditQueue>();
        services.AddSingleton<IAuditTrail>(s => s.GetRequiredService<AuditQueue>());
        services.AddSingleton(_ => new AuditSpool(options.SpoolDir, options.SpoolMaxBytes));
        services.AddSingleton(s => new AuditStore(s.GetRequiredService<IDocumentStore>(), options.AppendLanes));
        services.AddHostedService<AuditWriter>();
        return builder;
    }

    /// <summary>Keeps the pending and spool gauges current at scrape time.</summary>
    public static WebApplication ExportAuditMetrics(this WebApplication app)
    {
        var queue = app.Services.GetRequiredService<AuditQueue>();
        var spool = app.Services.GetRequiredService<AuditSpool>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            AuditMetrics.Pending.Set(queue.Count + spool.PendingLines);
            AuditMetrics.SpoolBytes.Set(spool.Bytes);
        });
        return app;
    }
}
