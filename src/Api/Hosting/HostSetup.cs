using System.Text.Json;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Hosting;

internal static class HostSetup
{
    /// <summary>What every part reads: the loaded configuration, the clock, snake_case JSON and problem+json errors.</summary>
    public static WebApplicationBuilder AddMikHost(this WebApplicationBuilder builder, LoadedConfig loaded)
    {
        builder.Services.AddSingleton(loaded.Config);
        builder.Services.AddSingleton(loaded);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddProblemDetails();
        return builder;
    }
}
