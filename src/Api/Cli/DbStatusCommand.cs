using System.CommandLine;
using Mik.Durable.Api.EventStore.Migrations;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik db status [--config FILE]</c>: every migration as applied, pending, changed or unknown, and whether
/// Marten finds the database matching this mik. Exit 0 only when nothing is pending and Marten agrees.
/// </summary>
internal static class DbStatusCommand
{
    private const int ShownDifferenceLines = 12;

    public static Command Create()
    {
        var configOption = ConfigOption.Create();
        var command = new Command("status", "Show applied and pending schema migrations; exit 1 unless up to date") { configOption };
        command.SetAction((result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            return DatabaseCommandRunner.RunAsync(result.GetValue(configOption), result.InvocationConfiguration.Error,
                (target, ct) => ReportAsync(target, output, ct), cancellationToken);
        });
        return command;
    }

    private static async Task<int> ReportAsync(DatabaseTarget target, TextWriter output, CancellationToken cancellationToken)
    {
        var entries = await new MigrationRunner(target.ConnectionString, target.Schema).ReadStatusAsync(cancellationToken);
        await output.WriteLineAsync($"schema {target.Schema} on {target.Description}");
        var width = entries.Count == 0 ? 0 : entries.Max(e => e.Name.Length);
        foreach (var entry in entries)
        {
            var state = entry.State.ToString().ToLowerInvariant();
            var when = entry.AppliedAt is { } at ? "  " + at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'") : "";
            var note = entry.State switch
            {
                MigrationState.Changed => "  (differs from the applied file)",
                MigrationState.Unknown => "  (not shipped in this mik: applied by a newer version?)",
                _ => "",
            };
            await output.WriteLineAsync($"  {state,-8} {entry.Name.PadRight(width)}{when}{note}".TrimEnd());
        }

        var pending = entries.Count(e => e.State == MigrationState.Pending);
        var changed = entries.Where(e => e.State == MigrationState.Changed).Select(e => e.Name).ToList();
        var differences = await MartenSchemaCheck.FindDifferencesAsync(target.ConnectionString, target.Schema, cancellationToken);
        if (differences is null)
        {
            await output.WriteLineAsync("marten: the database matches this mik's configuration");
        }
        else if (pending > 0)
        {
            // Expected until the pending migrations are applied; their DDL is no news.
            await output.WriteLineAsync("marten: the database differs from this mik's configuration (pending migrations)");
        }
        else
        {
            var lines = differences.Split('\n');
            await output.WriteLineAsync($"marten: the database differs from this mik's configuration; Marten would run ({lines.Length} lines):");
            foreach (var line in lines.Take(ShownDifferenceLines)) await output.WriteLineAsync("    " + line.TrimEnd());
            if (lines.Length > ShownDifferenceLines) await output.WriteLineAsync($"    … {lines.Length - ShownDifferenceLines} more lines");
        }

        if (changed.Count > 0)
            await output.WriteLineAsync($"not up to date: {string.Join(", ", changed)} changed after being applied; restore the released file and add a new migration instead");
        else if (pending > 0)
            await output.WriteLineAsync($"not up to date: {pending} pending migration(s); run `mik db migrate` (mik serve also applies them at start)");
        else if (differences is not null)
            await output.WriteLineAsync("not up to date: every migration is applied but the schema still differs: this mik's code and its migrations/ disagree (developers: scripts/db-patch.sh), or the schema was changed by hand");
        else
            await output.WriteLineAsync("up to date");
        return changed.Count == 0 && pending == 0 && differences is null ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
