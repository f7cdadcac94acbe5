namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>Recognises an HTTP/2 GOAWAY frame, the answer of an HTTP/1.1-only listener to the HTTP/2 preface.</summary>
internal static class Http2Frame
{
    private const byte GoawayType = 7;

    /// <summary>RFC 9113 section 7; only the codes a GOAWAY to a stray preface carries are named.</summary>
    private static readonly Dictionary<uint, string> Codes = new()
    {
        [0x0] = "NO_ERROR", [0x1] = "PROTOCOL_ERROR", [0x2] = "INTERNAL_ERROR", [0xd] = "HTTP_1_1_REQUIRED",
    };

    /// <returns>The answer "GOAWAY" with the frame's error code as its error, or null when the bytes are no GOAWAY frame.</returns>
    public static BadInputAnswer? Goaway(byte[] bytes)
    {
        // 9-byte frame header (24-bit length, type, flags, stream id 0), then last stream id and the error code.
        if (bytes.Length < 17 || bytes[3] != GoawayType || bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0 || bytes[8] != 0) return null;
        var code = (uint)(bytes[13] << 24 | bytes[14] << 16 | bytes[15] << 8 | bytes[16]);
        return new BadInputAnswer(null, [], "", Goaway: Codes.GetValueOrDefault(code, $"0x{code:x}"));
    }
}
