using System.Text;
using System.Text.Json;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// What the server answered one bad-input row: a status, headers and body, an HTTP/2 GOAWAY (its error code in
/// <paramref name="Goaway"/>), or nothing (connection closed).
/// </summary>
internal sealed record BadInputAnswer(int? Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body, string? Goaway = null)
{
    public static readonly BadInputAnswer Closed = new(null, [], "");

    /// <summary>The status; "GOAWAY" for an HTTP/2 GOAWAY; "closed" when the server closed the connection without an answer.</summary>
    public string Expected => Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? (Goaway is null ? "closed" : "GOAWAY");

    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public bool HasHeader(string name) => Headers.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The error code a client would act on: the runtime's <c>error</c> member; for a problem+json answer its
    /// <c>error</c> member when it has one, else its <c>title</c>, followed by the parameters its <c>errors</c> name
    /// (<c>invalid request (limit)</c>); "" when the body is no JSON object.
    /// </summary>
    public string ErrorCode
    {
        get
        {
            if (Goaway is not null) return Goaway;
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(Body).RootElement;
            }
            catch (JsonException)
            {
                return "";
            }
            if (root.ValueKind != JsonValueKind.Object) return "";
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String) return error.GetString()!;
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object) return title;
            return $"{title} ({string.Join(",", errors.EnumerateObject().Select(p => p.Name))})";
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder($"{Expected}\n");
        foreach (var (k, v) in Headers) text.Append(k).Append(": ").Append(v).Append('\n');
        return text.Append('\n').Append(Body.Length > 2000 ? Body[..2000] + "…" : Body).ToString();
    }
}
