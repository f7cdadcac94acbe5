using System.Diagnostics;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>
/// The whole environment of every program mik starts for its cluster (initdb, pg_ctl, and through it the postmaster,
/// and the watchdog). Nothing is inherited: mik's own environment holds secrets (<c>MIK_API_KEY</c>, a database
/// URL), and the postmaster keeps its environment for its lifetime in <c>/proc/&lt;pid&gt;/environ</c>, readable by
/// the cluster's OS user. <c>runuser</c> passes the environment it is given through, so clearing it here covers it.
/// </summary>
internal static class MinimalEnvironment
{
    public static void Apply(ProcessStartInfo info)
    {
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        // Messages and number formats PostgreSQL's programs print in a form mik can show as is.
        info.Environment["LC_ALL"] = "C";
    }
}
