namespace Mik.Durable.Api.Health;

/// <summary>The body of <c>GET /health</c> (design section 3); serialised snake_case.</summary>
internal sealed record HealthReport(
    string Status,
    string Version,
    string InstanceId,
    long UptimeS,
    int ModulesLoaded,
    CacheReport Cache,
    long InFlight,
    string EventStore,
    int CircuitsOpen);

internal sealed record CacheReport(int Entries, long Bytes, long CapacityBytes, double HitRatio);
