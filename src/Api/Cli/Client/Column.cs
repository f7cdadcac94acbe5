using System.Text.Json;

namespace Mik.Durable.Api.Cli.Client;

/// <summary>A table column: its heading and the cell text for one row of the API's JSON.</summary>
internal sealed record Column(string Heading, Func<JsonElement, string> Cell)
{
    /// <summary>A column showing property <paramref name="path"/> (dotted for nested objects) as text.</summary>
    public static Column Of(string heading, string path) => new(heading, row => JsonText.At(row, path));
}
