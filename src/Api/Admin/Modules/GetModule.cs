using FluentValidation;
using Mediator;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// <c>GET /modules/{name}</c>: one module as this instance serves it, with the cluster's view in store mode; 404 when
/// this instance does not serve it and (in store mode) the store does not desire it either.
/// </summary>
internal sealed record GetModule(string Name) : IRequest<ModuleInfo>;

internal sealed class GetModuleValidator : AbstractValidator<GetModule>
{
    public GetModuleValidator() => RuleFor(q => q.Name).Must(ModuleName.IsValid).WithMessage(ModuleName.Expected);
}

internal sealed class GetModuleHandler(ModuleDescriber describer) : IRequestHandler<GetModule, ModuleInfo>
{
    public async ValueTask<ModuleInfo> Handle(GetModule query, CancellationToken cancellationToken) =>
        await describer.DescribeAsync(query.Name, cancellationToken)
        ?? throw AdminException.NotFound($"module '{query.Name}' is not deployed");
}
