using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Hosting;

internal static class ListenerOf
{
    /// <summary>
    /// The listener a request arrived on, by the local port it reached, never by its Host header, so no client or
    /// proxy can make an admin request look like a runtime one.
    /// </summary>
    public static Listener Request(HttpContext context, MikConfig config) =>
        context.Connection.LocalPort == config.Admin.Port ? Listener.Admin : Listener.Runtime;
}
