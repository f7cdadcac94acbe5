using System.Text.Json.Serialization;

namespace Mik.Durable.Api.Cli.Local;

/// <summary>The <c>--json</c> form of a <see cref="CallAnswer"/>: the body as text when it is UTF-8, else base64.</summary>
internal sealed record CallAnswerJson(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("headers")] IReadOnlyList<string[]> Headers,
    [property: JsonPropertyName("body"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body,
    [property: JsonPropertyName("body_base64"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BodyBase64,
    [property: JsonPropertyName("stderr")] IReadOnlyList<string> Stderr,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("message")] string? Message);
