using System.Globalization;
using System.Text.Json;
using Mik.Durable.Diagnostics;
using Mik.Durable.Diagnostics.Bundle;
using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>How <c>mik diag inspect</c> reads: one screen of what matters, or the timeline.</summary>
internal static class DiagInspectOutput
{
    private const int Width = 160;
    private static readonly JsonSerializerOptions Line = new(EvidenceJson.Options) { WriteIndented = false };

    public static void WriteScreen(TextWriter output, BundleInspection inspection)
    {
        var m = inspection.Manifest;
        var summary = InspectSummary.From(inspection.Evidence);
        Row(output, "bundle", $"{m.Name}: verified, {m.Files.Count} files match their sha256" + (m.HostsRedacted ? "; host names redacted" : ""));
        Row(output, "versions", $"mik {m.Mik}, wasmtime {m.Wasmtime}, .NET {m.Dotnet}");
        Row(output, "host", $"{m.Host}; {m.CommandLine}");
        Row(output, "window", $"{Time(m.Window.Since)} .. {Time(m.Window.Until)} (collected {Time(m.Collected.Since)}, {Seconds(m.Collected)} s)");
        var ok = m.Collectors.Where(c => c.Status == CollectorStatus.Ok).Select(c => c.Name).ToList();
        Row(output, "collectors", ok.Count > 0 ? "ok: " + string.Join(", ", ok) : "none ok");
        foreach (var other in m.Collectors.Where(c => c.Status != CollectorStatus.Ok)) Row(output, "", $"{other.Status} {DiagBundleOutput.Line(other)}");
        if (m.Redactions.Count > 0) Row(output, "redacted", string.Join(", ", m.Redactions.Select(r => $"{r.Kind} in {r.File}")));
        Row(output, "health", summary.Health ?? "not in the bundle");
        Row(output, "circuits", summary.OpenCircuits.Count > 0 ? "open: " + string.Join(", ", summary.OpenCircuits) : "none open");
        Row(output, "errors", summary.Requests is { } r ? Errors(r) : "no request metrics in the bundle");
        Row(output, "slowest", summary.SlowestModules.Count > 0
            ? string.Join(", ", summary.SlowestModules.Select(s => $"{s.Module} {Number(s.MeanMs)} ms mean of {Number(s.Requests)}"))
            : "no handler timings in the bundle");
        Audit(output, "deploys", summary.Deployments, "no module deployed or removed in the window");
        Audit(output, "config", summary.ConfigChanges, "no config change in the window");
        Doctor(output, inspection);
    }

    public static void WriteTimeline(TextWriter output, IReadOnlyList<TimelineEntry> entries, bool json)
    {
        if (json)
        {
            // A listing: one object per line, as every listing command prints JSON (docs/operations.md).
            foreach (var entry in entries) output.WriteLine(JsonSerializer.Serialize(entry, Line));
            return;
        }
        foreach (var entry in entries) output.WriteLine($"{Time(entry.At)}  {entry.Source,-16} {entry.Text}");
    }

    public static object Json(BundleInspection inspection) => new
    {
        Verified = inspection.Verified,
        inspection.Manifest,
        Summary = InspectSummary.From(inspection.Evidence),
        Doctor = inspection.Rerun,
        DoctorDifferences = inspection.DoctorDifferences(),
    };

    private static void Doctor(TextWriter output, BundleInspection inspection)
    {
        var report = inspection.Rerun;
        var summary = report.Summary;
        var differences = inspection.DoctorDifferences();
        Row(output, "doctor", $"{summary[Verdict.Ok]} ok, {summary[Verdict.Warn]} warn, {summary[Verdict.Fail]} fail, {summary[Verdict.Skip]} skipped (re-run on the bundle's files; " +
            (differences.Count == 0 ? "same as doctor.json)" : $"differs from doctor.json in: {string.Join(", ", differences)})"));
        foreach (var check in report.Checks.Where(c => c.Verdict is Verdict.Fail or Verdict.Warn))
        {
            Row(output, "", $"{check.Verdict.ToUpperInvariant()} {check.Id}: {check.Reason}");
            if (check.Resolution is { } fix) Row(output, "", "  fix: " + fix);
        }
    }

    private static void Audit(TextWriter output, string label, IReadOnlyList<AuditLine> lines, string none)
    {
        if (lines.Count == 0) Row(output, label, none);
        foreach (var line in lines) Row(output, label, $"{Time(line.Timestamp)} {line.Type} {line.Stream} {line.Data}");
    }

    private static string Errors(RequestRates r) =>
        $"{Percent(r.ErrorRate)} 5xx of {Number(r.Total)} requests since start; between the samples {Number(r.IntervalErrors)} of {Number(r.IntervalTotal)}" +
        (r.IntervalErrorRate is { } now && r.ErrorRate is { } before ? $" ({Percent(now)}, {(now - before >= 0 ? "+" : "")}{Number((now - before) * 100)} points)" : "");

    private static void Row(TextWriter output, string label, string text)
    {
        var line = $"{label,-11}{CliConventions.OneLine(text)}";
        output.WriteLine(line.Length > Width ? line[..(Width - 3)] + "..." : line);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    private static string Seconds(BundleWindow w) => Number((w.Until - w.Since).TotalSeconds);
    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Percent(double? rate) => rate is { } r ? Number(r * 100) + "%" : "n/a";
}
