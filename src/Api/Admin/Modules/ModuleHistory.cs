using System.Globalization;
using FluentValidation;
using Mediator;
using Mik.Durable.Api.Audit;
using Mik.Durable.Runtime.Modules;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// <c>GET /modules/{name}/history?limit=&amp;after=</c>: the module's events (its module, breaker and cache streams),
/// newest first, paged like <c>GET /audit</c>. A module that never had an event is a 404.
/// </summary>
internal sealed record ModuleHistory(string Name, string? Limit, string? After) : IRequest<AuditPage>;

internal sealed class ModuleHistoryValidator : AbstractValidator<ModuleHistory>
{
    public ModuleHistoryValidator()
    {
        RuleFor(q => q.Name).Must(ModuleName.IsValid).WithMessage(ModuleNames.Expected);
        RuleFor(q => q.Limit).Must(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= AuditFilter.MaxLimit)
            .When(q => q.Limit is not null).WithMessage($"must be a whole number from 1 to {AuditFilter.MaxLimit}");
        RuleFor(q => q.After).Must(a => AuditCursor.TryParse(a, out _)).When(q => q.After is not null)
            .WithMessage("must be the 'next' value of a previous page");
    }
}

internal sealed class ModuleHistoryHandler(AuditSearch search, ModuleRegistry registry) : IRequestHandler<ModuleHistory, AuditPage>
{
    public async ValueTask<AuditPage> Handle(ModuleHistory query, CancellationToken cancellationToken)
    {
        var limit = query.Limit is null ? AuditFilter.DefaultLimit : int.Parse(query.Limit, CultureInfo.InvariantCulture);
        AuditCursor.TryParse(query.After, out var after);
        var page = await AdminStore.ReadAsync(() => search.FindAsync(new AuditFilter([], query.Name, null, null, limit, after), cancellationToken));
        if (page.Events.Count == 0 && after is null && !registry.Versions.ContainsKey(query.Name))
            throw AdminException.NotFound($"module '{query.Name}' has no history");
        return page;
    }
}
