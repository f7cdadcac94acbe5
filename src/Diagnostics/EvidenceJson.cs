using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mik.Durable.Diagnostics;

/// <summary>The one JSON shape of every evidence file: snake_case names, indented, nulls left out.</summary>
public static class EvidenceJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Read by people and jq, never embedded in HTML: `<state.dir>` and `module's` as written, not \u003C and \u0027.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
