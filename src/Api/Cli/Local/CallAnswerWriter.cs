using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Mik.Durable.Api.Cli.Local;

/// <summary>Prints a <see cref="CallAnswer"/>: as HTTP (status line, headers, blank line, body) or as one JSON object.</summary>
internal static class CallAnswerWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static void WriteText(TextWriter output, TextWriter error, CallAnswer answer)
    {
        output.Write($"HTTP/1.1 {answer.Status} {ReasonPhrases.GetReasonPhrase(answer.Status)}".TrimEnd() + "\r\n");
        foreach (var (name, value) in answer.Headers) output.Write($"{name}: {value}\r\n");
        output.Write("\r\n");
        output.Flush();
        if (answer.HasBody)
        {
            // The body goes out byte for byte; a writer that is not the console (tests) gets it as text.
            if (ReferenceEquals(output, Console.Out))
            {
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(answer.Body);
            }
            else
            {
                output.Write(Encoding.UTF8.GetString(answer.Body));
            }
        }
        foreach (var line in answer.Stderr) error.WriteLine(line);
        if (answer.Failed) error.WriteLine($"mik: {answer.Error}: {CliConventions.OneLine(answer.Message!)}");
    }

    public static void WriteJson(TextWriter output, CallAnswer answer)
    {
        string? text = null, base64 = null;
        var body = answer.HasBody ? answer.Body : [];
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            base64 = Convert.ToBase64String(body);
        }
        var json = new CallAnswerJson(answer.Status, [.. answer.Headers.Select(h => new[] { h.Key, h.Value })], text, base64,
            answer.Stderr, answer.Error, answer.Message);
        output.WriteLine(JsonSerializer.Serialize(json));
    }
}
