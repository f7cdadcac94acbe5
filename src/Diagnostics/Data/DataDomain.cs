using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data.Config;
using Mik.Durable.Diagnostics.Data.Modules;

namespace Mik.Durable.Diagnostics.Data;

/// <summary>The configuration, the modules folder and AOT cache, logs, the event store, the audit trail and spool.</summary>
public static class DataDomain
{
    public static IReadOnlyList<ICollector> Collectors() => [new ConfigCollector(), new ModulesCollector()];

    public static IReadOnlyList<ICheck> Checks() =>
    [
        new ConfigValidCheck(), new ModulesFolderCheck(), new ModulesReadableCheck(), new ModulesValidCheck(), new AotArtifactsCheck(),
    ];
}
