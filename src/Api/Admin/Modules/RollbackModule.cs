using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using Mediator;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// <c>POST /modules/{name}/rollback[?to=sha256|version]</c>: a kept version (the last one with other bytes by
/// default) becomes current again, recorded as <c>ModuleDeployed{source: rollback, rolled_back_to}</c> and served
/// here at once, exactly as an upload of its bytes would be. Needs <c>[cluster] module_source = "store"</c>.
/// </summary>
internal sealed record RollbackModule(string Name, string? To, string Actor) : IRequest<RollbackResult>;

/// <summary>As <see cref="DeployResult"/>, and the deployment number the rollback brought back.</summary>
internal sealed record RollbackResult(ModuleInfo Module, bool Changed, long Version, int RolledBackTo, [property: JsonIgnore] bool Created);

internal sealed class RollbackModuleValidator : AbstractValidator<RollbackModule>
{
    public RollbackModuleValidator()
    {
        RuleFor(c => c.Name).Must(ModuleName.IsValid).WithMessage(ModuleName.Expected);
        RuleFor(c => c.To!).Must(RollbackTarget.IsWellFormed).When(c => c.To is not null).WithMessage(RollbackTarget.Expected);
    }
}

internal sealed class RollbackModuleHandler(
    ModuleRegistry registry, ModuleStager stager, ModuleAuditLog log, ModuleBytesStore bytes, ModuleDescriber describer,
    ModuleChangeLock changes, MikConfig config, IDocumentStore store)
    : IRequestHandler<RollbackModule, RollbackResult>
{
    public async ValueTask<RollbackResult> Handle(RollbackModule command, CancellationToken cancellationToken)
    {
        var name = command.Name;
        if (!config.Cluster.FromStore())
            throw new AdminException(StatusCodes.Status409Conflict, "conflict", "rollback needs the store: with [cluster] module_source = "
                + "\"folder\" no versions are kept; deploy the older file instead", "rollback_needs_store");
        using var exclusive = await changes.AcquireAsync(cancellationToken);
        if (registry.Folder.IsMissing) throw AdminException.ModulesFolderMissing();
        var (current, deployed, kept) = await AdminStore.ReadAsync(async () =>
        {
            await using var session = store.QuerySession();
            var key = AuditStreams.Module(name);
            var stream = await session.Events.AggregateStreamAsync<DeployedModule>(key, token: cancellationToken);
            var events = await session.Events.FetchStreamAsync(key, token: cancellationToken);
            return (stream, events.Select(e => e.Data).OfType<ModuleDeployed>().ToList(), await bytes.KeptVersionsAsync(name, cancellationToken));
        });
        if (current is not { Deployments: > 0 } && kept.Count == 0) throw AdminException.NotFound($"module '{name}' has never been deployed");
        var target = RollbackTarget.Choose(command.To, current, kept, deployed) ?? throw NotKept(command, kept);
        var wasm = await FetchAsync(target, cancellationToken) ?? throw NotKept(command, kept);

        var served = registry.Versions.GetValueOrDefault(name);
        using var staged = served is { Problem: null } && served.Sha256 == target.Sha256 ? null : Stage(name, wasm, target);
        // From here on the client going away changes nothing: a recorded deployment must also be put in place.
        var change = await AdminStore.CommitAsync(() => log.DeployAsync(name, target.Sha256, wasm.LongLength, DeploySources.Rollback,
            command.Actor, expectedVersion: null, CancellationToken.None, bytes: null, rolledBackTo: target.Version));
        if (staged is not null) Install(staged, target);
        var module = await describer.DescribeAsync(name, CancellationToken.None)
            ?? throw AdminException.Conflict($"module '{name}' was removed while it was being rolled back");
        return new RollbackResult(module, change.Changed, change.Version, target.Version, Created: served is null);
    }

    private async Task<byte[]?> FetchAsync(KeptVersion target, CancellationToken cancellationToken)
    {
        try
        {
            return await AdminStore.ReadAsync(() => bytes.FetchAsync(target.Sha256, cancellationToken));
        }
        catch (ModuleBytesMismatchException)
        {
            throw new AdminException(StatusCodes.Status500InternalServerError, "stored module corrupt",
                $"the stored bytes of version {target.Version} do not hash to its sha256 {target.Sha256}; nothing was changed", "bytes_mismatch");
        }
    }

    private StagedModule Stage(string name, byte[] wasm, KeptVersion target)
    {
        try
        {
            return stager.Stage(name, wasm, target.Sha256);
        }
        catch (ModuleRefusedException e)
        {
            throw new AdminException(StatusCodes.Status422UnprocessableEntity, "invalid module",
                $"version {target.Version} cannot be served here: {e.Reason}; nothing was changed");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdminException(StatusCodes.Status500InternalServerError, "cannot write module",
                $"the module could not be written to the modules folder ({e.Message}); nothing was changed");
        }
    }

    private void Install(StagedModule staged, KeptVersion target)
    {
        try
        {
            registry.Install(staged);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Renames within one folder do not fail short of a broken disk; say exactly where things stand.
            throw new AdminException(StatusCodes.Status500InternalServerError, "cannot put module in place",
                $"the rollback to version {target.Version} is recorded but could not be renamed into place ({e.Message}); "
                + "the previous version is still served; roll back again");
        }
    }

    private AdminException NotKept(RollbackModule command, IReadOnlyList<KeptVersion> kept)
    {
        var which = command.To is null ? $"no earlier version of '{command.Name}' is kept" : $"version {command.To} of '{command.Name}' is not kept";
        var keptList = kept.Count == 0 ? "none" : string.Join(", ", kept.Select(v => v.Version));
        return new AdminException(StatusCodes.Status404NotFound, "version not kept",
            $"{which} (the store keeps the bytes of the last {config.Cluster.KeepVersions} versions, [cluster] keep_versions; kept: {keptList})",
            "version_not_kept");
    }
}
