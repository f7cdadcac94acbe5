using System.Text.Json;
using Mik.Durable.Diagnostics;
using Mik.Durable.Diagnostics.Checks;
using Spectre.Console;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>How a doctor report reads: one line per result, with its evidence and the fix under what is wrong.</summary>
internal static class DoctorOutput
{
    public static void WriteList(TextWriter output, IEnumerable<ICheck> checks, bool json)
    {
        foreach (var check in checks)
            output.WriteLine(json ? JsonSerializer.Serialize(new { id = check.Id, title = check.Title }) : $"{check.Id,-28} {check.Title}");
    }

    public static void WriteReport(TextWriter output, DoctorReport report)
    {
        var terminal = CliConventions.IsTerminal(output);
        foreach (var check in report.Checks)
        {
            var label = check.Verdict.ToUpperInvariant().PadRight(4);
            if (terminal)
                CliConventions.Terminal.MarkupLine($"[{Colour(check.Verdict)}]{label}[/] {Markup.Escape(check.Id)}: {Markup.Escape(check.Reason)}");
            else
                output.WriteLine($"{label} {check.Id}: {check.Reason}");
            if (check.Verdict is Verdict.Ok or Verdict.Skip) continue;
            foreach (var line in check.Evidence) output.WriteLine("       evidence: " + line);
            if (check.Resolution is { } fix) output.WriteLine("       fix: " + fix);
        }
        var summary = report.Summary;
        output.WriteLine($"{summary[Verdict.Ok]} ok, {summary[Verdict.Warn]} warn, {summary[Verdict.Fail]} fail, {summary[Verdict.Skip]} skipped");
    }

    private static string Colour(string verdict) => verdict switch
    {
        Verdict.Ok => "green",
        Verdict.Warn => "yellow",
        Verdict.Fail => "red",
        _ => "grey",
    };
}
