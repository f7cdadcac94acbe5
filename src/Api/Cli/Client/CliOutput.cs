using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Mik.Durable.Api.Cli.Client;

/// <summary>
/// What a client command prints: a table (colour where the terminal has it) when stdout is a terminal, else, or
/// with <c>--json</c>, one JSON object per line holding the API's own fields, for scripts and <c>jq</c>.
/// </summary>
internal sealed class CliOutput
{
    private readonly TextWriter _writer;
    private readonly IAnsiConsole? _console;

    private CliOutput(TextWriter writer, bool table)
    {
        _writer = writer;
        if (table)
        {
            _console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = AnsiSupport.Detect,
                ColorSystem = ColorSystemSupport.Detect,
            });
        }
    }

    /// <summary>
    /// A table only for the real console on a terminal; <c>--json</c> or a pipe gets JSON lines. <paramref name="json"/>
    /// is <see cref="CliConventions.WantsJson"/>'s answer; a table needs a terminal, so <c>--json false</c> on a pipe
    /// still gets JSON lines.
    /// </summary>
    public static CliOutput For(TextWriter writer, bool json) =>
        new(writer, !json && CliConventions.IsTerminal(writer));

    public bool IsTable => _console is not null;

    public async Task JsonLineAsync(JsonElement value) => await _writer.WriteLineAsync(JsonSerializer.Serialize(value));

    /// <summary>Rows as a table on a terminal, else one JSON line each.</summary>
    public async Task RowsAsync(IEnumerable<JsonElement> rows, IReadOnlyList<Column> columns, string empty)
    {
        if (_console is null)
        {
            foreach (var row in rows) await JsonLineAsync(row);
            return;
        }
        var list = rows.ToList();
        if (list.Count == 0)
        {
            _console.MarkupLine("[grey]" + Markup.Escape(empty) + "[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns) table.AddColumn(new TableColumn(column.Heading) { NoWrap = column.Whole });
        foreach (var row in list) table.AddRow(columns.Select(c => (IRenderable)Cell(c.Cell(row))));
        _console.Write(table);
    }

    /// <summary>One row as it arrives: its cells on one line on a terminal, else a JSON line.</summary>
    public async Task StreamRowAsync(JsonElement row, IReadOnlyList<Column> columns)
    {
        if (_console is null)
        {
            await JsonLineAsync(row);
            await _writer.FlushAsync();
            return;
        }
        _console.Write(new Columns(columns.Select(c => (IRenderable)Cell(c.Cell(row)))).Collapse());
        _console.WriteLine();
    }

    /// <summary>One object as name/value lines on a terminal (nested objects dotted), else one JSON line.</summary>
    public async Task RecordAsync(JsonElement value)
    {
        if (_console is null)
        {
            await JsonLineAsync(value);
            return;
        }
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (name, text) in Flatten(value, "")) grid.AddRow(new Text(name, new Style(Color.Grey)), Cell(text));
        _console.Write(grid);
    }

    /// <summary>A spinner with <paramref name="status"/> on a terminal while <paramref name="work"/> runs; nothing otherwise.</summary>
    public async Task<T> WhileAsync<T>(string status, Func<Task<T>> work) =>
        _console is null ? await work() : await _console.Status().Spinner(Spinner.Known.Dots).StartAsync(status, _ => work());

    /// <summary>A sentence for the terminal only; JSON readers get the object instead.</summary>
    public void Note(string text) => _console?.MarkupLine(Markup.Escape(text));

    // States an operator scans for stand out; everything else is plain text (never markup: values come from the server).
    private static Text Cell(string text) => text switch
    {
        "open" or "lost" or "corrupt" or "orphaned" or "stale" or "version_mismatch" or "SPLIT" => new Text(text, new Style(Color.Red)),
        "half_open" or "stopped" or "missing" => new Text(text, new Style(Color.Yellow)),
        "closed" or "running" or "current" => new Text(text, new Style(Color.Green)),
        _ => new Text(text),
    };

    private static IEnumerable<(string Name, string Text)> Flatten(JsonElement value, string prefix)
    {
        foreach (var property in value.EnumerateObject())
        {
            var name = prefix + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object)
                foreach (var inner in Flatten(property.Value, name + ".")) yield return inner;
            else
                yield return (name, JsonText.Show(property.Value));
        }
    }
}
