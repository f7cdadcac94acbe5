using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cluster.Convergence;

internal static class ConvergenceSetup
{
    /// <summary>
    /// The readiness gate always; in store mode the loop that follows the store. Call after <c>AddMikRuntime</c>:
    /// the loop starts once the modules folder has been scanned and stops before the registry does.
    /// </summary>
    public static WebApplicationBuilder AddMikConvergence(this WebApplicationBuilder builder, MikConfig config)
    {
        builder.Services.AddSingleton<ConvergenceGate>();
        if (!config.Cluster.FromStore()) return builder;
        builder.Services.AddSingleton(sp =>
        {
            var (state, unreadable) = ConvergenceStateFile.Load(config.State.Dir);
            if (unreadable is not null)
            {
                var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger(LogTargets.EventStore);
                ConvergenceLog.StateUnreadable(log, Path.Combine(config.State.Dir, ConvergenceStateFile.FileName), unreadable);
            }
            return state;
        });
        builder.Services.AddSingleton<DesiredModules>();
        builder.Services.AddSingleton<ModuleActivator>();
        builder.Services.AddSingleton<BytesBackfill>();
        builder.Services.AddSingleton<ConvergencePass>();
        builder.Services.AddSingleton<DeploymentListener>();
        builder.Services.AddHostedService<ModuleConvergence>();
        return builder;
    }
}
