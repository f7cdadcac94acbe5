using Mediator;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary><c>GET /modules</c>: every module this instance serves, by name.</summary>
internal sealed record ListModules : IRequest<IReadOnlyList<ModuleInfo>>;

internal sealed class ListModulesHandler(ModuleDescriber describer) : IRequestHandler<ListModules, IReadOnlyList<ModuleInfo>>
{
    public async ValueTask<IReadOnlyList<ModuleInfo>> Handle(ListModules query, CancellationToken cancellationToken) =>
        await describer.DescribeAllAsync(cancellationToken);
}
