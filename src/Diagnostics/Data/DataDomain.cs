using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data.ConfigFile;
using Mik.Durable.Diagnostics.Data.Live;
using Mik.Durable.Diagnostics.Data.Logs;
using Mik.Durable.Diagnostics.Data.ModuleFiles;
using Mik.Durable.Diagnostics.Data.Store;

namespace Mik.Durable.Diagnostics.Data;

/// <summary>The configuration, the modules folder and AOT cache, logs, the event store, the audit trail and spool.</summary>
public static class DataDomain
{
    public static IReadOnlyList<ICollector> Collectors() =>
    [
        new ConfigCollector(), new ModulesCollector(), new LogsCollector(), new AuditCollector(), new CircuitsCollector(),
        new InstancesCollector(), new EventStoreCollector(),
    ];

    public static IReadOnlyList<ICheck> Checks() =>
    [
        new ConfigValidCheck(), new ModulesFolderCheck(), new ModulesReadableCheck(), new ModulesValidCheck(), new AotArtifactsCheck(),
        new EventStoreReachableCheck(), new EventStoreMigratedCheck(), new AuditSpoolCheck(), new SlowHandlersCheck(),
    ];
}
