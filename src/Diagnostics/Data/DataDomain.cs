using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Data;

/// <summary>The configuration, the modules folder and AOT cache, logs, the event store, the audit trail and spool.</summary>
public static class DataDomain
{
    public static IReadOnlyList<ICollector> Collectors() => [];

    public static IReadOnlyList<ICheck> Checks() => [];
}
