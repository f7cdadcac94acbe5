using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Host.Collectors;

/// <summary>
/// For the collectors that ask the running server (health, metrics): skipped unless a mik serve holds this config's
/// lock, so a stranger on the configured port (the runbook's "wrong port") is never taken for mik.
/// </summary>
internal static class LiveServer
{
    public static MikServer Require(CollectContext context, string procRoot)
    {
        var server = MikServer.Find(context.Config.Config, procRoot);
        if (!server.Running) throw new CollectorSkippedException("mik is not running: " + server.Reason);
        return server;
    }

    public static HttpClient Client(TimeSpan timeout) => new() { Timeout = timeout };
}
