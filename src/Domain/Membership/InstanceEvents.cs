using System.Text.Json.Serialization;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Domain.Membership;

/// <summary>A <c>mik serve</c> process started (stream <c>instance:&lt;id&gt;</c>).</summary>
public sealed record InstanceStarted(
    string InstanceId, DateTimeOffset At, string Host, int Pid, IReadOnlyList<int> Ports, string Version, string ConfigSha256) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Instance(InstanceId);
}

/// <summary>The configuration differs from the one this instance last ran with; keys only, never values.</summary>
public sealed record ConfigChanged(
    string InstanceId, DateTimeOffset At, string OldSha256, string NewSha256, IReadOnlyList<string> ChangedKeys) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Instance(InstanceId);
}

public sealed record InstanceStopped(string InstanceId, DateTimeOffset At, string Reason) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Instance(InstanceId);
}

/// <summary>
/// An operator forgot an instance that was <c>lost</c> (<c>POST /instances/prune</c>): it is no longer listed.
/// <see cref="LastSeen"/> is its last heartbeat (null when it never beat); a later <see cref="InstanceStarted"/>
/// lists it again.
/// </summary>
public sealed record InstancePruned(string InstanceId, DateTimeOffset At, DateTimeOffset? LastSeen, string Actor) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Instance(InstanceId);
}
