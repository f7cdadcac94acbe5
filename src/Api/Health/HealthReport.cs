namespace Mik.Durable.Api.Health;

/// <summary>
/// The body of <c>GET /health</c> (docs/runtime.md); serialised snake_case. <see cref="ModulesLoaded"/> counts the
/// modules that can serve requests, <see cref="ModulesBroken"/> those known not to (their <c>problem</c> is in
/// <c>GET /modules</c>); <see cref="ModulesDir"/> is <c>ok</c> or <c>missing</c> (docs/runtime.md, The modules folder).
/// </summary>
internal sealed record HealthReport(
    string Status,
    string Version,
    string InstanceId,
    long UptimeS,
    int ModulesLoaded,
    int ModulesBroken,
    string ModulesDir,
    CacheReport Cache,
    long InFlight,
    string EventStore,
    int CircuitsOpen);

internal sealed record CacheReport(int Entries, long Bytes, long CapacityBytes, double HitRatio);
