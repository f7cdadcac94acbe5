using System.Globalization;
using Mik.Durable.Diagnostics.Host.Model;

namespace Mik.Durable.Diagnostics.Host.Proc;

/// <summary>The machine's memory (<c>/proc/meminfo</c>, what <c>free</c> prints), its load, and a cgroup v2 limit.</summary>
internal static class ProcMemory
{
    public static MemoryEvidence Parse(string meminfo, string? cgroupMax)
    {
        long Kb(string key) => ProcProcess.StatusValue(meminfo, key + ":") is { } kb ? kb * 1024 : 0;
        long? limit = cgroupMax is not null && long.TryParse(cgroupMax.Trim(), CultureInfo.InvariantCulture, out var max) ? max : null;
        return new MemoryEvidence(Kb("MemTotal"), Kb("MemAvailable"), Kb("SwapTotal"), Kb("SwapFree"), limit);
    }

    /// <summary>The 1, 5 and 15 minute load averages of <c>/proc/loadavg</c>.</summary>
    public static IReadOnlyList<double> Load(string loadavg) =>
        [.. loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
}
