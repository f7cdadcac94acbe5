using System.Text.Json.Serialization;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Domain.AuthFailures;

/// <summary>Values of <see cref="AuthFailed.Reason"/>.</summary>
public static class AuthFailureReasons
{
    public const string MissingKey = "missing_key";
    public const string InvalidKey = "invalid_key";
}

/// <summary>
/// A refused admin request (stream <c>auth:&lt;utc day&gt;</c>). Never carries the key that was sent.
/// <see cref="Throttled"/>: the address had used up its allowance of failures and was answered 429.
/// </summary>
public sealed record AuthFailed(
    DateTimeOffset At, string Reason, string RemoteIp, string Method, string Path, string UserAgent, bool Throttled = false) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Auth(At);
}
