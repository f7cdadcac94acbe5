using System.Net;
using System.Text;
using System.Text.Json;

namespace Mik.Durable.Api.Cli.Client;

/// <summary>One line for a refused admin request, from its status and its problem+json (<c>title</c>, <c>detail</c>, <c>error</c>).</summary>
internal static class ProblemLine
{
    private const int MaxLength = 400;

    public static string For(HttpStatusCode status, string body, string? module, bool hasKey)
    {
        var (title, detail, error) = Read(body);
        var code = (int)status;
        var line = status switch
        {
            HttpStatusCode.Unauthorized when !hasKey => $"401 unauthorized: this mik needs its API key and {AdminClient.KeyVariable} is not set",
            HttpStatusCode.Unauthorized => $"401 unauthorized: check {AdminClient.KeyVariable}",
            HttpStatusCode.Forbidden => $"403 forbidden: check {AdminClient.KeyVariable}",
            HttpStatusCode.NotFound when module is not null && error is null => $"no module named '{module}'",
            HttpStatusCode.ServiceUnavailable when error == "event_store_unavailable" =>
                "503 PostgreSQL is unreachable" + (detail is null ? "" : ": " + Advice(detail)),
            _ => $"{code} {title ?? ReasonPhrase(status)}" + (detail is null ? "" : ": " + detail),
        };
        return OneLine(line);
    }

    private static (string? Title, string? Detail, string? Error) Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null, null);
            return (Text(root, "title")?.ToLowerInvariant(), Text(root, "detail"), Text(root, "error"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    // The server's detail names PostgreSQL already; what follows its first clause is what the operator can do.
    private static string Advice(string detail) => detail.IndexOf("; ", StringComparison.Ordinal) is var at and >= 0 ? detail[(at + 2)..] : detail;

    private static string ReasonPhrase(HttpStatusCode status)
    {
        var name = status.ToString();
        var words = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ');
            words.Append(char.ToLowerInvariant(c));
        }
        return words.ToString();
    }

    // What the server sends reaches a terminal: no control characters, no second line.
    private static string OneLine(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text)
        {
            if (builder.Length >= MaxLength) return builder.Append('…').ToString();
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString();
    }
}
