using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>
/// <c>disk.free</c>, one result per folder (state, modules, logs): runbook "No space left on device". Under
/// <see cref="FailPercent"/> % or <see cref="FailBytes"/> free fails, under <see cref="WarnPercent"/> % warns.
/// </summary>
internal sealed class DiskFreeCheck : ICheck
{
    public const double FailPercent = 5;
    public const double WarnPercent = 10;
    public const long FailBytes = 256L << 20;

    public string Id => "disk.free";

    public string Title => "free disk for the state, modules and log folders";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.System(evidence) is not { } system)
        {
            yield return HostEvidence.Missing(this, HostFiles.SystemJson, HostFiles.System, evidence);
            yield break;
        }
        foreach (var disk in system.Disks)
        {
            var percent = disk.TotalBytes > 0 ? 100.0 * disk.FreeBytes / disk.TotalBytes : 0;
            var at = disk.MeasuredAt == disk.Path ? disk.Path : $"{disk.Path} (missing; measured at {disk.MeasuredAt})";
            string[] lines = [$"{disk.Role}: {at}: {HostEvidence.Bytes(disk.FreeBytes)} free of {HostEvidence.Bytes(disk.TotalBytes)} ({percent:0.#} %)"];
            var reason = $"{disk.Role} folder {disk.Path}: {HostEvidence.Bytes(disk.FreeBytes)} free ({percent:0.#} %)";
            var fix = Runbook.Disk.Replace("LOGDIR", disk.Role == "logs" ? disk.Path : "/var/log/mik", StringComparison.Ordinal);
            if (percent < FailPercent || disk.FreeBytes < FailBytes)
                yield return new CheckResult(Id, Title, Verdict.Fail, reason, lines, fix);
            else if (percent < WarnPercent)
                yield return new CheckResult(Id, Title, Verdict.Warn, reason, lines, fix);
            else
                yield return new CheckResult(Id, Title, Verdict.Ok, reason, lines);
        }
    }
}
