using System.Diagnostics;
using System.Globalization;

namespace Mik.Durable.AuditBench;

/// <summary>
/// CPU seconds spent by this process and by the PostgreSQL cluster. On a shared machine the wall-clock rate moves
/// with the neighbours' load; CPU per event does not, so both are reported.
/// </summary>
internal sealed record CpuTime(double Client, double Server)
{
    public static CpuTime Now(int? postmasterPid) =>
        new(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, postmasterPid is { } pid ? Postgres(pid) : double.NaN);

    public CpuTime Since(CpuTime start) => new(Client - start.Client, Server - start.Server);

    /// <summary>The postmaster's own time plus that of every child it has reaped (backends that have exited).</summary>
    private static double Postgres(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14-17 of proc(5): utime, stime, cutime, cstime; here shifted by the two before the ')'.
        var ticks = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
        return ticks / 100.0;
    }
}
