using FluentValidation;
using Mediator;
using Mik.Durable.Api.Audit;

namespace Mik.Durable.Api.Admin;

internal static class AdminSetup
{
    /// <summary>The admin use cases: source-generated Mediator handlers, their validators, and problem+json errors.</summary>
    public static IServiceCollection AddMikAdmin(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped);
        // Validators are scoped (FluentValidation's default), so the behavior that uses them must be too.
        services.AddValidatorsFromAssemblyContaining<ValidationBehavior<IMessage, object>>(ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddExceptionHandler<AdminProblems>();
        services.AddSingleton<AuditSearch>();
        return services;
    }
}
