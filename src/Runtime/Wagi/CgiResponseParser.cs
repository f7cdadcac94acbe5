using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// Parses a guest's stdout as a CGI response (docs/wagi.md): CRs are dropped in the header block,
/// the first blank line ends it, one of Content-Type / Status / Location is required, an explicit Status beats the
/// implicit 302 of Location, and a Status must be a final HTTP status (200-599).
/// </summary>
internal static class CgiResponseParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The host frames the body itself; a guest's value for these could only break the connection.
    private static readonly HashSet<string> HostOwned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade",
    };

    public static bool TryParse(ReadOnlyMemory<byte> stdout, [NotNullWhen(true)] out CgiResponse? response, out string error)
    {
        response = null;
        if (!TrySplit(stdout.Span, out var headerBytes, out var bodyStart))
        {
            error = stdout.Length == 0
                ? "the handler wrote nothing to stdout"
                : "the handler's output has no blank line ending the CGI headers";
            return false;
        }

        string block;
        try
        {
            block = StrictUtf8.GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            error = "the handler's CGI headers are not valid UTF-8";
            return false;
        }

        var builder = new CgiHeaderBuilder();
        foreach (var line in block.Trim().Split('\n')) builder.Add(line);

        if (!builder.IsSufficient)
        {
            error = "the handler's output has none of Content-Type, Status or Location";
            return false;
        }
        return builder.TryBuild(stdout[bodyStart..], out response, out error);
    }

    /// <summary>Finds the blank line; the header bytes come back without CRs.</summary>
    private static bool TrySplit(ReadOnlySpan<byte> output, out ReadOnlySpan<byte> headerBytes, out int bodyStart)
    {
        // Nearly every handler ends its headers with LF LF and writes no CR before it: then the header block is a
        // slice of stdout as it is, with nothing to copy.
        var blank = output.IndexOf("\n\n"u8);
        if (blank >= 0 && !output[..blank].Contains((byte)'\r'))
        {
            headerBytes = output[..(blank + 1)];
            bodyStart = blank + 2;
            return true;
        }

        var header = new List<byte>(Math.Min(output.Length, 1024));
        var previousWasLf = false;
        for (var i = 0; i < output.Length; i++)
        {
            var b = output[i];
            if (b == (byte)'\r') continue;
            if (b == (byte)'\n' && previousWasLf)
            {
                headerBytes = header.ToArray();
                bodyStart = i + 1;
                return true;
            }
            previousWasLf = b == (byte)'\n';
            header.Add(b);
        }
        headerBytes = [];
        bodyStart = output.Length;
        return false;
    }

    internal static bool IsHostOwned(string name) => HostOwned.Contains(name);

    internal static bool TryParseStatus(string value, out int status)
    {
        var space = value.IndexOf(' ');
        var code = space < 0 ? value : value[..space];
        return int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out status) && status is >= 200 and <= 599;
    }
}
