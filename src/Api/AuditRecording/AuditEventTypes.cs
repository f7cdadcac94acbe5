using System.Text.Json;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.AuthFailures;
using Mik.Durable.Domain.Breakers;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Domain.Membership;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>
/// Every event type of the audit trail, by the name the store gives it (snake_case of the type name, Marten's
/// default), for registration with Marten, the spool's records and the <c>type</c> filter of audit queries.
/// </summary>
internal static class AuditEventTypes
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(ModuleDeployed), typeof(ModuleRemoved), typeof(ModuleRejected), typeof(ModuleActivated), typeof(ModuleActivationFailed),
        typeof(CircuitOpened), typeof(CircuitHalfOpened), typeof(CircuitClosed), typeof(CircuitReset),
        typeof(AuthFailed),
        typeof(AotCompiled), typeof(AotInvalidated), typeof(CacheEvicted), typeof(CacheCleared),
        typeof(InstanceStarted), typeof(ConfigChanged), typeof(InstanceStopped), typeof(InstancePruned),
        typeof(ProjectionsRebuilt),
    ];

    private static readonly Dictionary<string, Type> ByName = All.ToDictionary(NameOf, StringComparer.Ordinal);

    public static string NameOf(Type type) => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name);

    /// <summary>Accepts the stored name (<c>auth_failed</c>) and the type name (<c>AuthFailed</c>).</summary>
    public static bool TryFind(string name, out Type type)
    {
        if (ByName.TryGetValue(name, out type!)) return true;
        return ByName.TryGetValue(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), out type!);
    }
}
