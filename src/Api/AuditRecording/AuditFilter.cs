namespace Mik.Durable.Api.AuditRecording;

/// <summary>
/// What an audit query asks for: event types (stored or type names), one module (its module, breaker and cache
/// streams), a time window (inclusive), at most <see cref="Limit"/> events, and the page after an
/// <see cref="AuditCursor"/> handed out by the previous page.
/// </summary>
internal sealed record AuditFilter(
    IReadOnlyList<Type> Types, string? Module, DateTimeOffset? Since, DateTimeOffset? Until, int Limit, AuditCursor? After)
{
    /// <summary>Default page size, and the most one page may hold.</summary>
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The query's <see cref="AuditCursor.ScopeOf"/>, written into the <c>next</c> cursor it hands out.</summary>
    public string Scope { get; init; } = "";
}
