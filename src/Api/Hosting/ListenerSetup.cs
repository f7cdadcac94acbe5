using System.Net;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Hosting;

internal static class ListenerSetup
{
    /// <summary>Kestrel on <c>[server]</c> and <c>[admin]</c> host:port, and routing by the listener a request came in on.</summary>
    public static WebApplicationBuilder AddMikListeners(this WebApplicationBuilder builder, MikConfig config)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            Listen(kestrel, config.Server.Host, config.Server.Port);
            Listen(kestrel, config.Admin.Host, config.Admin.Port);
        });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ListenerMatcherPolicy>());
        return builder;
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string host, int port)
    {
        if (host == "localhost") kestrel.ListenLocalhost(port);
        else if (IPAddress.TryParse(host, out var address)) kestrel.Listen(address, port);
        else foreach (var resolved in Dns.GetHostAddresses(host)) kestrel.Listen(resolved, port);
    }
}
