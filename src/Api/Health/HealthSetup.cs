using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Health;

internal static class HealthSetup
{
    /// <summary>
    /// The server's state behind <c>/health</c> and the drain on shutdown (docs/operations.md, "Health and shutdown"),
    /// with a host shutdown timeout long enough for the drain delay and the in-flight requests.
    /// </summary>
    public static WebApplicationBuilder AddMikHealth(this WebApplicationBuilder builder, MikConfig config)
    {
        builder.Services.AddSingleton<ServerState>();
        builder.Services.AddHostedService<DrainService>();
        builder.Services.Configure<HostOptions>(o =>
            o.ShutdownTimeout = TimeSpan.FromSeconds(config.Server.DrainDelaySecs + config.Server.ShutdownTimeoutSecs + 10));
        return builder;
    }
}
