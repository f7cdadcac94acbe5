using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace Mik.Durable.Api.Logging;

/// <summary>
/// One JSON object per line with the field names the runbook's jq queries use (design section 7):
/// <c>timestamp, level, target, message, …fields, span{trace_id,span_id}, error</c>. Field names are snake_case
/// whatever the C# parameter was called, so <c>durationMs</c> is written as <c>duration_ms</c>.
/// </summary>
internal sealed class MikJsonFormatter : ITextFormatter
{
    private static readonly JsonValueFormatter ValueFormatter = new(typeTagName: null);
    private static readonly HashSet<string> Hidden = ["SourceContext", "EventId", "{OriginalFormat}", "Scope", "RequestId", "RequestPath", "ConnectionId"];

    // Property name -> its JSON prefix (",\"duration_ms\":"), or null when the property is not written. Names come
    // from log call sites, so the set is small; the cap only guards against a source of unbounded names.
    private static readonly ConcurrentDictionary<string, string?> FieldPrefixes = new(StringComparer.Ordinal);
    private const int MaxCachedFields = 4096;

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write("{\"timestamp\":\"");
        Span<char> timestamp = stackalloc char[32];
        logEvent.Timestamp.UtcDateTime.TryFormat(timestamp, out var length, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        output.Write(timestamp[..length]);
        output.Write("\",\"level\":\"");
        output.Write(Level(logEvent.Level));
        output.Write("\",\"target\":");
        JsonValueFormatter.WriteQuotedJsonString(Target(logEvent), output);
        output.Write(",\"message\":");
        JsonValueFormatter.WriteQuotedJsonString(HasHoles(logEvent.MessageTemplate) ? RenderMessage(logEvent) : logEvent.MessageTemplate.Text, output);

        var wroteError = false;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: null } || FieldPrefix(name) is not { } prefix) continue;
            wroteError |= ReferenceEquals(prefix, ErrorPrefix);
            output.Write(prefix);
            ValueFormatter.Format(value, output);
        }

        if (logEvent.TraceId is { } traceId)
        {
            output.Write(",\"span\":{\"trace_id\":\"");
            output.Write(traceId.ToHexString());
            output.Write('"');
            if (logEvent.SpanId is { } spanId)
            {
                output.Write(",\"span_id\":\"");
                output.Write(spanId.ToHexString());
                output.Write('"');
            }
            output.Write('}');
        }

        if (logEvent.Exception is { } exception)
        {
            if (!wroteError)
            {
                output.Write(",\"error\":");
                JsonValueFormatter.WriteQuotedJsonString(exception.Message, output);
            }
            output.Write(",\"exception\":");
            JsonValueFormatter.WriteQuotedJsonString(exception.ToString(), output);
        }
        output.Write('}');
        output.Write('\n');
    }

    private static readonly string ErrorPrefix = Prefix("error");

    private static string? FieldPrefix(string name)
    {
        if (FieldPrefixes.TryGetValue(name, out var prefix)) return prefix;
        prefix = ComputePrefix(name);
        if (FieldPrefixes.Count < MaxCachedFields) FieldPrefixes.TryAdd(name, prefix);
        return prefix;
    }

    private static string? ComputePrefix(string name)
    {
        if (Hidden.Contains(name)) return null;
        var field = SnakeCase(name);
        if (field is "timestamp" or "level" or "target" or "message" or "span") return null;
        return field == "error" ? ErrorPrefix : Prefix(field);
    }

    private static string Prefix(string field)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.Write(',');
        JsonValueFormatter.WriteQuotedJsonString(field, writer);
        writer.Write(':');
        return writer.ToString();
    }

    private static bool HasHoles(MessageTemplate template)
    {
        foreach (var token in template.Tokens)
        {
            if (token is not TextToken) return true;
        }
        return false;
    }

    // Serilog quotes string values in rendered messages ("Now listening on: \"http://…\""); operators grep
    // these lines, so values are written as they are.
    private static string RenderMessage(LogEvent logEvent)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property && logEvent.Properties.TryGetValue(property.PropertyName, out var value)
                && value is ScalarValue { Value: string s })
                text.Write(s);
            else
                token.Render(logEvent.Properties, text, CultureInfo.InvariantCulture);
        }
        return text.ToString();
    }

    internal static string Level(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "TRACE",
        LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARN",
        _ => "ERROR",
    };

    // Our loggers are created with the target as their category ("mik::request", "audit"); framework
    // categories ("Microsoft.Hosting.Lifetime") pass through unchanged.
    private static string Target(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string s }
            ? s
            : "mik";

    private static string SnakeCase(string name)
    {
        if (name.All(c => !char.IsUpper(c) && c != '.')) return name;
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in JsonNamingPolicy.SnakeCaseLower.ConvertName(name))
            builder.Append(c == '.' ? '_' : c);
        return builder.ToString();
    }
}
