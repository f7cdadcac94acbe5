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
/// One JSON object per line with the field names the runbook's jq queries use (docs/operations.md):
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
        Span<char> timestamp = stackalloc char[27];
        WriteTimestamp(logEvent.Timestamp.UtcDateTime, timestamp);
        output.Write(timestamp);
        output.Write("\",\"level\":\"");
        output.Write(Level(logEvent.Level));
        output.Write("\",\"target\":");
        JsonValueFormatter.WriteQuotedJsonString(Target(logEvent), output);
        output.Write(",\"message\":");
        JsonValueFormatter.WriteQuotedJsonString(HasHoles(logEvent.MessageTemplate) ? RenderMessage(logEvent) : logEvent.MessageTemplate.Text, output);

        var wroteError = false;
        // Serilog keeps the properties in a Dictionary: enumerated as one, without boxing an enumerator per event.
        var properties = logEvent.Properties as Dictionary<string, LogEventPropertyValue> ?? new(logEvent.Properties);
        foreach (var (name, value) in properties)
        {
            if (value is ScalarValue { Value: null } || FieldPrefix(name) is not { } prefix) continue;
            wroteError |= ReferenceEquals(prefix, ErrorPrefix);
            output.Write(prefix);
            WriteValue(value, output);
        }

        if (logEvent.TraceId is { } traceId)
        {
            Span<byte> id = stackalloc byte[16];
            Span<char> hex = stackalloc char[32];
            output.Write(",\"span\":{\"trace_id\":\"");
            traceId.CopyTo(id);
            Convert.TryToHexStringLower(id, hex, out var written);
            output.Write(hex[..written]);
            output.Write('"');
            if (logEvent.SpanId is { } spanId)
            {
                output.Write(",\"span_id\":\"");
                spanId.CopyTo(id[..8]);
                Convert.TryToHexStringLower(id[..8], hex, out written);
                output.Write(hex[..written]);
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

    /// <summary><c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, digit by digit: a custom format string is parsed on every call.</summary>
    private static void WriteTimestamp(DateTime utc, Span<char> into)
    {
        Digits(into[..4], utc.Year);
        into[4] = '-';
        Digits(into.Slice(5, 2), utc.Month);
        into[7] = '-';
        Digits(into.Slice(8, 2), utc.Day);
        into[10] = 'T';
        Digits(into.Slice(11, 2), utc.Hour);
        into[13] = ':';
        Digits(into.Slice(14, 2), utc.Minute);
        into[16] = ':';
        Digits(into.Slice(17, 2), utc.Second);
        into[19] = '.';
        Digits(into.Slice(20, 6), (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10));
        into[26] = 'Z';
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + value % 10);
    }

    // Numbers and strings, which nearly every field is, are written without the visitor's allocations.
    private static void WriteValue(LogEventPropertyValue value, TextWriter output)
    {
        Span<char> number = stackalloc char[32];
        switch (value)
        {
            case ScalarValue { Value: string text }:
                JsonValueFormatter.WriteQuotedJsonString(text, output);
                return;
            case ScalarValue { Value: int i } when i.TryFormat(number, out var length, provider: CultureInfo.InvariantCulture):
                output.Write(number[..length]);
                return;
            case ScalarValue { Value: long l } when l.TryFormat(number, out var length, provider: CultureInfo.InvariantCulture):
                output.Write(number[..length]);
                return;
            case ScalarValue { Value: double d } when double.IsFinite(d) && d.TryFormat(number, out var length, "R", CultureInfo.InvariantCulture):
                output.Write(number[..length]);
                return;
            default:
                ValueFormatter.Format(value, output);
                return;
        }
    }

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
