using Mik.Durable.Api.Logging;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Api.Requests;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Api.Hosting;

internal static class RuntimeSetup
{
    /// <summary>The runtime behind <c>/run</c>: the Wasmtime engine, the module registry over <c>[server] modules</c>, admission and the handler.</summary>
    public static WebApplicationBuilder AddMikRuntime(this WebApplicationBuilder builder, MikConfig config)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new WasmEngine(WasmEngineOptions.FromConfig(config), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WagiExecutor>();
        services.AddSingleton(sp => new OutboundHttp(RuntimeLogger(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ComponentExecutor>();
        services.AddSingleton<CacheStatistics>();
        services.AddSingleton<HandlerLoggers>();
        services.AddSingleton<InFlightRequests>();
        services.AddSingleton<RunHandler>();
        services.AddSingleton(sp => new AotKey(config.State.Dir, RuntimeLogger(sp)));
        services.AddSingleton(sp => new ModuleLoader(config, sp.GetRequiredService<WasmEngine>(), sp.GetRequiredService<AotKey>(),
            sp.GetRequiredService<WagiExecutor>(), sp.GetRequiredService<CacheStatistics>(), sp.GetRequiredService<IAuditTrail>(),
            sp.GetRequiredService<TimeProvider>(), RuntimeLogger(sp)));
        services.AddMikFolderDeployments(config);
        services.AddSingleton(sp => new DeploymentLedger(DeploymentLedger.PathIn(config.State.Dir), sp.GetRequiredService<IAuditTrail>(),
            sp.GetRequiredService<TimeProvider>(), RuntimeLogger(sp), sp.FolderDeploymentsOrNone()));
        services.AddSingleton(sp => new ModuleRegistry(config.Server.Modules, config.Server.CacheSize,
            config.Server.MaxCacheMb * 1024L * 1024L, sp.GetRequiredService<ModuleLoader>(), sp.GetRequiredService<DeploymentLedger>(),
            sp.GetRequiredService<CacheStatistics>(), sp.GetRequiredService<IAuditTrail>(), sp.GetRequiredService<TimeProvider>(),
            RuntimeLogger(sp)));
        services.AddHostedService<ModuleRegistryService>();

        // Admission: the circuit of each module, the concurrency gate, and the pool threads a blocked run gets.
        services.AddSingleton<CircuitBreakers>();
        services.AddSingleton(sp => new CircuitTransitions(sp.GetRequiredService<IAuditTrail>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(LogTargets.Audit)));
        services.AddSingleton(new RequestGate(RequestLimitsOptions.From(config.Server)));
        // A guest runs synchronously on a pool thread; a run that blocks its thread for long gets a replacement.
        services.AddSingleton(_ => new BlockedRunCompensator(new BlockedRunCompensatorOptions { MaxRuns = config.Server.MaxConcurrentRequests }));
        services.AddSingleton<RequestAdmission>();

        return builder;
    }

    private static ILogger RuntimeLogger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(LogTargets.Runtime);
}
