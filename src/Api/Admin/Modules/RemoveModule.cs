using FluentValidation;
using Mediator;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// <c>DELETE /modules/{name}?reason=</c>: commits <c>ModuleRemoved</c>, then deletes the module's file and artifact and
/// stops serving it (requests already running finish). 404 when this instance does not serve it.
/// </summary>
internal sealed record RemoveModule(string Name, string? Reason, string Actor) : IRequest<RemoveResult>;

internal sealed record RemoveResult(string Name, bool Removed, long Version);

internal sealed class RemoveModuleValidator : AbstractValidator<RemoveModule>
{
    public const int MaxReasonLength = 200;

    public RemoveModuleValidator()
    {
        RuleFor(c => c.Name).Must(ModuleName.IsValid).WithMessage(ModuleName.Expected);
        RuleFor(c => c.Reason).MaximumLength(MaxReasonLength).WithMessage($"must be at most {MaxReasonLength} characters");
        // PostgreSQL's jsonb refuses a NUL: the event's commit failed with a 500 and Marten's stack traces; other control
        // characters would reach a terminal reading `mik audit` as they were sent.
        RuleFor(c => c.Reason).Must(r => r is null || !r.Any(char.IsControl)).WithMessage("must not contain control characters");
    }
}

internal sealed class RemoveModuleHandler(ModuleRegistry registry, ModuleAuditLog log, ModuleChangeLock changes) : IRequestHandler<RemoveModule, RemoveResult>
{
    public const string DefaultReason = "removed through the admin API";

    public async ValueTask<RemoveResult> Handle(RemoveModule command, CancellationToken cancellationToken)
    {
        using var exclusive = await changes.AcquireAsync(cancellationToken);
        if (!registry.Versions.ContainsKey(command.Name))
            throw AdminException.NotFound($"module '{command.Name}' is not deployed on this instance");
        if (registry.Folder.IsMissing) throw AdminException.ModulesFolderMissing();
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? DefaultReason : command.Reason;
        // Not cancelled by the client going away: a recorded removal must also be carried out.
        var change = await AdminStore.CommitAsync(() =>
            log.RemoveAsync(command.Name, command.Actor, reason, expectedVersion: null, CancellationToken.None, served: true));
        try
        {
            registry.Uninstall(command.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdminException(StatusCodes.Status500InternalServerError, "cannot delete module",
                $"the removal is recorded but {command.Name}.wasm could not be deleted ({e.Message}); it is still served");
        }
        return new RemoveResult(command.Name, change.Changed, change.Version);
    }
}
