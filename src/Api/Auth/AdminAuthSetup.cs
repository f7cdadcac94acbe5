using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Auth;

/// <summary>
/// Admin API key auth (docs/operations.md). Without <c>MIK_API_KEY</c> nothing is added: the configuration check then
/// allows the admin listener on a loopback address only (admin.host), so start-up fails before anything binds.
/// </summary>
internal static class AdminAuthSetup
{
    public static WebApplicationBuilder AddMikAdminAuth(this WebApplicationBuilder builder, MikConfig config)
    {
        if (config.Admin.ApiKey.Length == 0) return builder;
        builder.Services.AddSingleton(new AdminApiKey(config.Admin.ApiKey));
        builder.Services.AddSingleton(SecretMask.For(config));
        builder.Services.AddSingleton(sp => new AuthFailureThrottle(config.Admin, sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    /// <summary>Call after the middleware that logs <c>request_completed</c>, so refused requests get their line too.</summary>
    public static IApplicationBuilder UseMikAdminAuth(this IApplicationBuilder app, MikConfig config) =>
        config.Admin.ApiKey.Length > 0 ? app.UseMiddleware<AdminAuthMiddleware>() : app;

    /// <summary><c>mik_auth_failures_total</c> for both reasons at 0, with or without a key (docs/runtime.md, Metrics).</summary>
    public static WebApplication ExportAuthMetrics(this WebApplication app)
    {
        AuthMetrics.Export();
        return app;
    }
}
