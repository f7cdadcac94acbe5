using System.Diagnostics;

namespace Mik.Durable.Diagnostics.Collecting;

/// <summary>
/// The environment of the programs the diagnostics run (journalctl, systemctl): only what they need to find and
/// print what they are asked for. Nothing else is inherited: <c>mik doctor</c> and <c>mik diag bundle</c> run with the
/// operator's secrets in their environment (<c>MIK_API_KEY</c>, a <c>MIK_DATABASE_URL</c> with its password, maybe a
/// <c>PGPASSWORD</c>), and a child given them would hold them in <c>/proc/&lt;pid&gt;/environ</c> for its life.
/// </summary>
internal static class ProgramEnvironment
{
    private static readonly string[] Kept = ["PATH", "LANG", "LANGUAGE", "TZ", "DBUS_SYSTEM_BUS_ADDRESS"];

    public static void Apply(ProcessStartInfo info)
    {
        var inherited = info.Environment.ToList();
        info.Environment.Clear();
        foreach (var (name, value) in inherited)
        {
            // Locale settings keep journalctl printing non-ASCII log text as the mik that wrote it did.
            if (Kept.Contains(name, StringComparer.Ordinal) || name.StartsWith("LC_", StringComparison.Ordinal)) info.Environment[name] = value;
        }
        info.Environment.TryAdd("PATH", "/usr/local/bin:/usr/bin:/bin");
    }
}
