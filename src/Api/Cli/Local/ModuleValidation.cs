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

    /// <summary><c>component</c> for a component; absent for a core module, whose report is unchanged.</summary>
    [JsonPropertyName("kind")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    /// <summary>The world a component targets, known from its handler export (<c>wasi:http/proxy</c>); null when it has none.</summary>
    [JsonPropertyName("world")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? World { get; init; }
}
