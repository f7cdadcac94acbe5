using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Auth;

/// <summary>
/// Admin API key auth (docs/operations.md). Without <c>MIK_API_KEY</c> nothing is added: the configuration check then
/// allows the admin listener on a loopback address only (admin.host), so start-up fails before anything binds.
/// </summary>
internal static class AdminAuthSetup
{
    public static IServiceCollection AddMikAdminAuth(this IServiceCollection services, MikConfig config)
    {
        if (config.Admin.ApiKey.Length == 0) return services;
        services.AddSingleton(new AdminApiKey(config.Admin.ApiKey));
        services.AddSingleton(sp => new AuthFailureThrottle(config.Admin, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Call after the middleware that logs <c>request_completed</c>, so refused requests get their line too.</summary>
    public static IApplicationBuilder UseMikAdminAuth(this IApplicationBuilder app, MikConfig config)
    {
        AuthMetrics.Export();
        return config.Admin.ApiKey.Length > 0 ? app.UseMiddleware<AdminAuthMiddleware>() : app;
    }
}
