using System.Text.Json.Serialization;

namespace Mik.Durable.Api.Cli.Local;

/// <summary>What <c>mik validate</c> found out about one file. It can run as a handler when there are no errors.</summary>
internal sealed record ModuleValidation(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
    [property: JsonPropertyName("imports")] IReadOnlyList<string> Imports,
    [property: JsonPropertyName("exports")] IReadOnlyList<string> Exports)
{
    [JsonPropertyName("ok")]
    public bool CanRun => Errors.Count == 0;
}
