using System.Globalization;
using FluentValidation;
using Mik.Durable.Api.AuditRecording;

namespace Mik.Durable.Api.Admin.Audit;

/// <summary>The <c>limit</c> and <c>after</c> parameters every paged audit route shares: their rules and their values.</summary>
internal static class AuditPaging
{
    public static IRuleBuilderOptions<T, string?> BeALimit<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(l => l is null || (int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= AuditFilter.MaxLimit))
            .WithMessage($"must be a whole number from 1 to {AuditFilter.MaxLimit}");

    /// <summary>A cursor handed out by a page of this same query (<paramref name="scope"/>): one of another query
    /// would silently skip or cut short this one's pages, so it is refused like garbage.</summary>
    public static IRuleBuilderOptions<T, string?> BeACursor<T>(this IRuleBuilder<T, string?> rule, Func<T, string> scope) =>
        rule.Must((query, a) => a is null || AuditCursor.TryParse(a, scope(query), out _))
            .WithMessage("must be the 'next' value of a previous page of the same query");

    /// <summary>The page size asked for (validated), or the default.</summary>
    public static int Limit(string? limit) => limit is null ? AuditFilter.DefaultLimit : int.Parse(limit, CultureInfo.InvariantCulture);

    /// <summary>The cursor asked for (validated), or null for the first page.</summary>
    public static AuditCursor? After(string? after, string scope) => AuditCursor.TryParse(after, scope, out var cursor) ? cursor : null;
}
