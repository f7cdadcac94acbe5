using System.Security.Cryptography;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// <c>PUT /modules/{name}</c> with the wasm as body. Checked (name, size, WebAssembly magic), compiled and loaded, written
/// beside its final place, then <c>ModuleDeployed</c> is committed, then the files are renamed into place and served at
/// once. Any refusal is a 400/422 with the reason, leaves no file behind and is recorded as <c>ModuleRejected</c>.
/// The bytes already current are no new version (200, no event).
/// </summary>
/// <param name="BodyBytes">Size of the body as sent; <paramref name="Wasm"/> is empty when it is over the limit (not read).</param>
internal sealed record DeployModule(string Name, byte[] Wasm, long BodyBytes, string Actor) : IRequest<DeployResult>, IRecordsRejection
{
    public IAuditEvent Rejected(string reason, DateTimeOffset at) =>
        new ModuleRejected(ModuleName.ForRecord(Name), at, reason, Actor);
}

/// <summary>
/// The module after a deployment; <see cref="Changed"/>: a new version was recorded; <see cref="Created"/>: this
/// instance did not serve the module before (201).
/// </summary>
internal sealed record DeployResult(ModuleInfo Module, bool Changed, long Version, [property: JsonIgnore] bool Created);

internal sealed class DeployModuleValidator : AbstractValidator<DeployModule>
{
    public DeployModuleValidator(MikConfig config)
    {
        var max = config.Admin.MaxModuleMb * 1024L * 1024L;
        RuleFor(c => c.Name).Must(ModuleName.IsValid).WithMessage(ModuleName.Expected);
        RuleFor(c => c.BodyBytes).GreaterThan(0).OverridePropertyName("body").WithMessage("is empty; send the module's bytes");
        RuleFor(c => c.BodyBytes).LessThanOrEqualTo(max).OverridePropertyName("body")
            .WithMessage($"is larger than the largest module accepted, {max} bytes (admin.max_module_mb)");
    }
}

internal sealed class DeployModuleHandler(
    ModuleRegistry registry, ModuleStager stager, ModuleAuditLog log, ModuleDescriber describer, ModuleChangeLock changes,
    IAuditTrail audit, TimeProvider time)
    : IRequestHandler<DeployModule, DeployResult>
{
    public async ValueTask<DeployResult> Handle(DeployModule command, CancellationToken cancellationToken)
    {
        if (ModuleFile.Check(command.Wasm) is { } notWasm) throw Reject(command, notWasm);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(command.Wasm));
        using var exclusive = await changes.AcquireAsync(cancellationToken);
        if (registry.Folder.IsLost) throw AdminException.ModulesFolderMissing();
        var served = registry.Versions.GetValueOrDefault(command.Name);
        if (served is { Problem: null } && served.Sha256 == sha256)
        {
            var same = await CommitAsync(command, sha256, cancellationToken);
            return await ResultAsync(command.Name, same, created: false, cancellationToken);
        }

        StagedModule staged;
        try
        {
            staged = stager.Stage(command.Name, command.Wasm, sha256);
        }
        catch (ModuleRefusedException e)
        {
            throw Reject(command, e.Reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdminException(StatusCodes.Status500InternalServerError, "cannot write module",
                $"the module could not be written to the modules folder ({e.Message}); nothing was changed");
        }
        using (staged)
        {
            // From here on the client going away changes nothing: a recorded deployment must also be put in place.
            var change = await CommitAsync(command, sha256, CancellationToken.None);
            try
            {
                registry.Install(staged);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Renames within one folder do not fail short of a broken disk; say exactly where things stand.
                throw new AdminException(StatusCodes.Status500InternalServerError, "cannot put module in place",
                    $"the deployment is recorded but {command.Name}.wasm could not be renamed into place ({e.Message}); "
                    + "the previous version, if any, is still served; deploy again");
            }
            return await ResultAsync(command.Name, change, created: served is null, CancellationToken.None);
        }
    }

    private Task<ModuleChange> CommitAsync(DeployModule command, string sha256, CancellationToken cancellationToken) =>
        AdminStore.CommitAsync(() => log.DeployAsync(command.Name, sha256, command.Wasm.LongLength, DeploySources.Api, command.Actor,
            expectedVersion: null, cancellationToken, bytes: command.Wasm));

    private async Task<DeployResult> ResultAsync(string name, ModuleChange change, bool created, CancellationToken cancellationToken)
    {
        var module = await describer.DescribeAsync(name, cancellationToken)
            ?? throw AdminException.Conflict($"module '{name}' was removed while it was being deployed");
        return new DeployResult(module, change.Changed, change.Version, created);
    }

    private AdminException Reject(DeployModule command, string reason)
    {
        audit.Record(command.Rejected(reason, time.GetUtcNow()));
        return new AdminException(StatusCodes.Status422UnprocessableEntity, "invalid module", reason);
    }
}
