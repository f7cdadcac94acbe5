using FluentValidation;
using Mediator;
using Mik.Durable.Api.Admin.Cache;
using Mik.Durable.Api.Admin.Modules;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.ModuleChanges;

namespace Mik.Durable.Api.Admin;

internal static class AdminSetup
{
    /// <summary>The admin use cases: source-generated Mediator handlers, their validators, and problem+json errors.</summary>
    public static WebApplicationBuilder AddMikAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped);
        // Validators are scoped (FluentValidation's default), so the behavior that uses them must be too.
        services.AddValidatorsFromAssemblyContaining<ValidationBehavior<IMessage, object>>(ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddExceptionHandler<AdminProblems>();
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<ModuleAuditLog>();
        services.AddSingleton<ModuleBytesStore>();
        services.AddSingleton<ModuleStager>();
        services.AddSingleton<ModuleDescriber>();
        services.AddSingleton<ModuleClusterView>();
        services.AddSingleton<ActivationReports>();
        services.AddSingleton<ModuleChangeLock>();
        services.AddSingleton<CacheCleanup>();
        return builder;
    }
}
