namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// One instance of the cluster and what it reported for a module: <see cref="Sha256"/> served since
/// <see cref="Since"/> (null: it reported serving nothing), and the last version it could not serve, when that came
/// after (<see cref="FailedSha256"/>, <see cref="FailedReason"/>, <see cref="FailedAt"/>). <see cref="Status"/> is
/// the instance's, as <c>GET /instances</c> shows it.
/// </summary>
internal sealed record ModuleOnInstance(
    string Id,
    string Status,
    string? Sha256,
    DateTimeOffset? Since,
    string? FailedSha256,
    string? FailedReason,
    DateTimeOffset? FailedAt);
