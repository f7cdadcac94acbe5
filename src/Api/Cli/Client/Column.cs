using System.Text.Json;

namespace Mik.Durable.Api.Cli.Client;

/// <summary>
/// A table column: its heading and the cell text for one row of the API's JSON. A <see cref="Whole"/> column (a name,
/// a time) never breaks its cells over lines on a narrow terminal; the others give way.
/// </summary>
internal sealed record Column(string Heading, Func<JsonElement, string> Cell, bool Whole = false)
{
    /// <summary>A column showing property <paramref name="path"/> (dotted for nested objects) as text.</summary>
    public static Column Of(string heading, string path, bool whole = false) => new(heading, row => JsonText.At(row, path), whole);
}
