using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.ModuleChanges;

internal static class FolderDeploymentsSetup
{
    /// <summary>
    /// In store mode, what the <see cref="DeploymentLedger"/> hands folder changes to (null in folder mode, where it
    /// records them through the audit queue as before), and the service that commits them.
    /// </summary>
    public static IServiceCollection AddMikFolderDeployments(this IServiceCollection services, MikConfig config)
    {
        if (!config.Cluster.FromStore()) return services;
        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(LogTargets.Runtime);
            return new FolderDeployments(new PendingFolderChangesFile(PendingFolderChangesFile.PathIn(config.State.Dir), logger),
                sp.GetRequiredService<TimeProvider>(), logger);
        });
        services.AddSingleton<FolderChangeCommitter>();
        services.AddHostedService<FolderDeploymentService>();
        return services;
    }

    public static IFolderDeployments? FolderDeploymentsOrNone(this IServiceProvider services) =>
        services.GetService<FolderDeployments>();
}
