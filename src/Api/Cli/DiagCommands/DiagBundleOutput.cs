using System.Globalization;
using Mik.Durable.Diagnostics.Bundle;
using Mik.Durable.Diagnostics.Collecting;
using Spectre.Console;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>What <c>mik diag bundle</c> says on a terminal, and what <c>--dry-run</c> lists.</summary>
internal static class DiagBundleOutput
{
    public static string Markup(CollectorStatus status) =>
        $"[{Colour(status.Status)}]{status.Status,-7}[/] {Spectre.Console.Markup.Escape(Line(status))}";

    public static string Line(CollectorStatus status) =>
        $"{status.Name} ({status.DurationMs.ToString("0", CultureInfo.InvariantCulture)} ms)" + (status.Reason is { } why ? ": " + CliConventions.OneLine(why) : "");

    public static void WriteDryRun(TextWriter output, PreparedBundle bundle, long compressed)
    {
        output.WriteLine($"dry run: nothing written. {bundle.Manifest.Collectors.Count} collectors:");
        foreach (var status in bundle.Manifest.Collectors)
            output.WriteLine($"  {status.Status,-7} {Line(status)}; {status.Files.Count} file(s)");
        output.WriteLine($"would write {bundle.Name}{BundleArchive.Extension}: {bundle.Files.Count} files, {Size(bundle.Bytes)} before compression, about {Size(compressed)} compressed");
        if (bundle.Manifest.Redactions.Count > 0)
            output.WriteLine($"the secret scan would replace {bundle.Manifest.Redactions.Count} value(s): " +
                string.Join(", ", bundle.Manifest.Redactions.Select(r => $"{r.Kind} in {r.File}")));
    }

    public static void WriteDone(TextWriter output, PreparedBundle bundle, string path, long bytes)
    {
        var counts = bundle.Manifest.Collectors.GroupBy(c => c.Status).Select(g => $"{g.Count()} {g.Key}");
        output.WriteLine($"collectors: {(bundle.Manifest.Collectors.Count > 0 ? string.Join(", ", counts) : "none")}; {bundle.Files.Count} files, {Size(bytes)}");
        if (bundle.Manifest.Redactions.Count > 0)
            output.WriteLine($"secret scan replaced: {string.Join(", ", bundle.Manifest.Redactions.Select(r => $"{r.Kind} in {r.File}"))}");
        output.WriteLine(path);
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} KiB",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture)} MiB",
    };

    private static string Colour(string status) => status switch
    {
        CollectorStatus.Ok => "green",
        CollectorStatus.Skipped => "grey",
        CollectorStatus.TimedOut => "yellow",
        _ => "red",
    };
}
