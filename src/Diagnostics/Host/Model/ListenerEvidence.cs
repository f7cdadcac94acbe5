namespace Mik.Durable.Diagnostics.Host.Model;

/// <summary>
/// One configured listener (<c>runtime</c> or <c>admin</c>) and the LISTEN socket found on its port: the address it is
/// bound to and who owns it. <see cref="OwnerPid"/> is null when nothing listens or the owner is not ours to see.
/// </summary>
internal sealed record ListenerEvidence
{
    public const string Runtime = "runtime";
    public const string Admin = "admin";

    public required string Listener { get; init; }
    public required string Configured { get; init; }
    public required string Host { get; init; }
    public required int Port { get; init; }
    public bool Listening { get; init; }
    public string? BoundAddress { get; init; }
    public int? OwnerPid { get; init; }
    public string? OwnerName { get; init; }
    public bool OwnedByMik { get; init; }
}
