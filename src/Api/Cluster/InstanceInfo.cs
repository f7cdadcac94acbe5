namespace Mik.Durable.Api.Cluster;

/// <summary>
/// One instance in <c>GET /instances</c> (serialised snake_case). <see cref="Ports"/> is [server, admin]. Fields
/// the projection has not seen yet (an instance whose start is still being projected) are null.
/// </summary>
internal sealed record InstanceInfo(
    string Id,
    string? Host,
    int? Pid,
    IReadOnlyList<int>? Ports,
    string? Version,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastSeen,
    string Status,
    DateTimeOffset? StoppedAt,
    string? StopReason,
    string? ConfigSha256,
    bool RunsProjections);
