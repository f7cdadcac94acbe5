using FluentValidation;
using Mediator;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Audit;

/// <summary>
/// <c>GET /audit?type=&amp;module=&amp;since=&amp;until=&amp;limit=&amp;after=</c>: the audit trail, newest first, paged.
/// Every parameter arrives as text so that a bad one is a 400 naming it rather than a binding failure.
/// </summary>
internal sealed record QueryAudit(string? Type, string? Module, string? Since, string? Until, string? Limit, string? After)
    : IRequest<AuditPage>
{
    public IEnumerable<string> TypeNames =>
        (Type ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The filters as given (since/until as written, so "1h" pages on as one query), types in one spelling.</summary>
    public string Scope => AuditCursor.ScopeOf(string.Join('\n', "audit",
        string.Join(',', TypeNames.Select(n => AuditEventTypes.TryFind(n, out var t) ? AuditEventTypes.NameOf(t) : n).Distinct().Order(StringComparer.Ordinal)),
        Module ?? "", Since ?? "", Until ?? ""));
}

internal sealed class QueryAuditValidator : AbstractValidator<QueryAudit>
{
    public QueryAuditValidator(TimeProvider time)
    {
        RuleFor(q => q.TypeNames).Must(names => names.All(name => AuditEventTypes.TryFind(name, out _))).OverridePropertyName("type")
            .WithMessage(q => $"unknown event type '{string.Join(",", q.TypeNames.Where(n => !AuditEventTypes.TryFind(n, out _)))}'; known: "
                + string.Join(", ", AuditEventTypes.All.Select(t => t.Name)));
        RuleFor(q => q.Module).Must(ModuleName.IsValid).When(q => q.Module is not null)
            .WithMessage(ModuleName.Expected);
        RuleFor(q => q.Since).Must(s => TimeArgument.TryParse(s, time.GetUtcNow(), out _)).When(q => q.Since is not null)
            .WithMessage(TimeArgument.Expected);
        RuleFor(q => q.Until).Must(s => TimeArgument.TryParse(s, time.GetUtcNow(), out _)).When(q => q.Until is not null)
            .WithMessage(TimeArgument.Expected);
        RuleFor(q => q.Limit).BeALimit();
        RuleFor(q => q.After).BeACursor(q => q.Scope);
    }
}

internal sealed class QueryAuditHandler(AuditSearch search, TimeProvider time) : IRequestHandler<QueryAudit, AuditPage>
{
    public async ValueTask<AuditPage> Handle(QueryAudit query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var types = query.TypeNames.Select(name => AuditEventTypes.TryFind(name, out var type) ? type : null!).ToList();
        DateTimeOffset? since = TimeArgument.TryParse(query.Since, now, out var s) ? s : null;
        DateTimeOffset? until = TimeArgument.TryParse(query.Until, now, out var u) ? u : null;
        var scope = query.Scope;
        var filter = new AuditFilter(types, query.Module, since, until, AuditPaging.Limit(query.Limit), AuditPaging.After(query.After, scope))
        {
            Scope = scope,
        };
        return await AdminStore.ReadAsync(() => search.FindAsync(filter, cancellationToken));
    }
}
