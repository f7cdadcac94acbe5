using FluentValidation;
using Mediator;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Api.Admin.Audit;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// <c>GET /modules/{name}/history?limit=&amp;after=</c>: the module's events (its module, breaker and cache streams),
/// newest first, paged like <c>GET /audit</c>. A module that never had an event is a 404.
/// </summary>
internal sealed record ModuleHistory(string Name, string? Limit, string? After) : IRequest<AuditPage>
{
    public string Scope => AuditCursor.ScopeOf("history\n" + Name);
}

internal sealed class ModuleHistoryValidator : AbstractValidator<ModuleHistory>
{
    public ModuleHistoryValidator()
    {
        RuleFor(q => q.Name).Must(ModuleName.IsValid).WithMessage(ModuleName.Expected);
        RuleFor(q => q.Limit).BeALimit();
        RuleFor(q => q.After).BeACursor(q => q.Scope);
    }
}

internal sealed class ModuleHistoryHandler(AuditSearch search, ModuleRegistry registry) : IRequestHandler<ModuleHistory, AuditPage>
{
    public async ValueTask<AuditPage> Handle(ModuleHistory query, CancellationToken cancellationToken)
    {
        var after = AuditPaging.After(query.After, query.Scope);
        var filter = new AuditFilter([], query.Name, null, null, AuditPaging.Limit(query.Limit), after) { Scope = query.Scope };
        var page = await AdminStore.ReadAsync(() => search.FindAsync(filter, cancellationToken));
        if (page.Events.Count == 0 && after is null && !registry.Versions.ContainsKey(query.Name))
            throw AdminException.NotFound($"module '{query.Name}' has no history");
        return page;
    }
}
