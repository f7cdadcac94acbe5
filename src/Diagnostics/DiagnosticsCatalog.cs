using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data;
using Mik.Durable.Diagnostics.Host;

namespace Mik.Durable.Diagnostics;

/// <summary>Every collector and every check, in the order <c>mik doctor</c> and <c>mik diag</c> report them.</summary>
public static class DiagnosticsCatalog
{
    public static IReadOnlyList<ICollector> Collectors() => [.. HostDomain.Collectors(), .. DataDomain.Collectors()];

    public static IReadOnlyList<ICheck> Checks() => [.. HostDomain.Checks(), .. DataDomain.Checks()];
}
