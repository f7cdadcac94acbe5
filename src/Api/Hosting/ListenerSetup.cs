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
            Listen(kestrel, config.Server.Host, config.Server.Port, loopbackOnly: false);
            // The configuration check refuses this already (admin.host); this keeps any other way of building the
            // host from exposing an admin API without a key.
            Listen(kestrel, config.Admin.Host, config.Admin.Port, loopbackOnly: config.Admin.ApiKey.Length == 0);
        });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ListenerMatcherPolicy>());
        return builder;
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string host, int port, bool loopbackOnly)
    {
        if (host == "localhost")
        {
            kestrel.ListenLocalhost(port);
            return;
        }
        var addresses = IPAddress.TryParse(host, out var address) ? [address] : Dns.GetHostAddresses(host);
        if (loopbackOnly && !addresses.All(IPAddress.IsLoopback))
            throw new ArgumentException(
                $"admin.host = \"{host}\": the admin API binds only to a loopback address unless MIK_API_KEY is set");
        foreach (var resolved in addresses) kestrel.Listen(resolved, port);
    }
}
