using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Fuzz.Targets;

/// <summary>
/// A guest's stdout through <see cref="CgiResponseParser"/> (docs/wagi.md). Contract: a response or a refusal with a
/// reason, never an exception; a response has an HTTP status, no header the host frames itself, header values
/// without control characters (they go onto the wire as they are), and a body that is the end of stdout.
/// </summary>
internal sealed class CgiTarget : IFuzzTarget
{
    public string Name => FuzzTargets.Cgi;

    public void Run(byte[] input)
    {
        if (!CgiResponseParser.TryParse(input, out var response, out var error))
        {
            if (string.IsNullOrWhiteSpace(error)) throw new FuzzContractException("refused without a reason");
            return;
        }
        if (response.Status is < 200 or > 599) throw new FuzzContractException($"status {response.Status} is no final HTTP status");
        foreach (var (name, value) in response.Headers)
        {
            if (CgiResponseParser.IsHostOwned(name)) throw new FuzzContractException($"host-owned header '{name}' passed through");
            if (name.Length == 0 || name.Any(c => c <= ' ' || c > '~' || c == ':'))
                throw new FuzzContractException($"header name '{name}' is not a token");
            if (value.Any(c => c != '\t' && (c < ' ' || c > '~')))
                throw new FuzzContractException($"header '{name}' has a control or non-ASCII character in its value");
        }
        if (!input.AsSpan().EndsWith(response.Body.Span)) throw new FuzzContractException("the body is not the end of stdout");
    }

    public void Dispose()
    {
    }
}
