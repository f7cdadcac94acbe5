using Mik.Durable.Api.Admin;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.Auth;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.Cluster.Convergence;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Health;
using Mik.Durable.Api.Logging;
using Mik.Durable.Api.Requests;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Hosting;

/// <summary>
/// Composes the <c>mik serve</c> host from a loaded configuration: every part of it, in order (docs/design.md,
/// "The host").
/// </summary>
internal static class MikApplication
{
    public static WebApplication Build(LoadedConfig loaded, EventStoreConnection eventStore, Serilog.ILogger logger, string[] hostArgs)
    {
        var config = loaded.Config;
        SetProcessDefaults();
        // mik reads no appsettings.json, so nothing needs watching: the default watcher covers the whole working
        // directory tree (recursively, through inotify) and spent about 2 % of the CPU under load whenever files
        // changed anywhere below it.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false", .. hostArgs] });
        // Hosted services start in this order and stop in the reverse one: the audit writer stops after everything
        // that records while stopping (instances, the module registry).
        builder.AddMikHost(loaded);
        builder.AddMikHealth(config);
        builder.AddMikAdmin();
        builder.AddMikAdminAuth(config);
        builder.AddMikLogging(logger);
        builder.AddMikListeners(config);
        builder.AddMikAudit(config);
        builder.AddMikEventStore(config, eventStore);
        builder.AddMikInstances(config);
        builder.AddMikRuntime(config);
        builder.AddMikConvergence(config);

        var app = builder.Build();
        app.UseMiddleware<RequestCompletedMiddleware>();
        app.UseExceptionHandler();
        // Routing has run by now (WebApplication adds it first), so the handler endpoints, which always answer with
        // a body, skip status-code pages and the async frame it costs on every request.
        app.UseWhen(static context => context.GetEndpoint()?.Metadata.GetMetadata<HandlerEndpointMetadata>() is null,
            static branch => branch.UseStatusCodePages());
        app.UseMikAdminAuth(config);
        app.MapHealthApi();
        app.MapRunApi();
        app.MapAdminApi();
        app.ExportAuditMetrics();
        app.ExportAuthMetrics();
        app.MapMikMetrics();
        return app;
    }

    /// <summary>Process-wide settings that must be made before the host and its first metric exist.</summary>
    private static void SetProcessDefaults()
    {
        // The .NET event-counter and meter adapters export series that fail `promtool check metrics`
        // (a gauge named *_total); process metrics stay.
        Prometheus.Metrics.SuppressDefaultMetrics(new Prometheus.SuppressDefaultMetricOptions
        {
            SuppressEventCounters = true,
            SuppressMeters = true,
        });
        // Exemplars appear only in the OpenMetrics format, which /metrics does not serve; by default every counter
        // increment on the request path took one from the request's Activity (hex ids, a pooled object) for nothing.
        // Set before any metric is created: a metric keeps the behaviour it was created with.
        Prometheus.Metrics.DefaultFactory.ExemplarBehavior = Prometheus.ExemplarBehavior.NoExemplars();
        // Nothing exports spans either, so the OpenTelemetry tags ASP.NET Core puts on every request's Activity (host,
        // port, method, user agent, path, display name) would be built for nobody. Read when the host is built.
        AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", true);
    }
}
