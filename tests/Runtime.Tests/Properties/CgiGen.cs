using CsCheck;

namespace Mik.Durable.Runtime.Tests.Properties;

/// <summary>Generators of guest stdout: well-formed CGI responses, and the ways a guest gets one wrong.</summary>
internal static class CgiGen
{
    private const string TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

    private static readonly Gen<string> Spacing = Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("  "), Gen.Const("\t"), Gen.Const(" \t "));

    // Printable ASCII with inner spaces and tabs, never at either end (the parser trims those).
    private static readonly Gen<string> Value =
        Gen.Select(Gen.Char['!', '~'], Gen.Char[" \t!\"#:;<=>?@[\\]^_`{|}~abcXYZ019/,."].Array[0, 20], Gen.Char['!', '~'], Gen.Bool)
            .Select((first, middle, last, single) => single ? first.ToString() : first + new string(middle) + last);

    // "X-" keeps a generated name clear of Status, Content-Type, Location and the host's own framing headers.
    private static readonly Gen<string> OtherName = Gen.Char[TokenChars].Array[1, 12].Select(c => "X-" + new string(c));

    private static readonly Gen<string> SpecialName = Gen.OneOf(
        Gen.Const("Content-Type"), Gen.Const("content-type"), Gen.Const("Location"), Gen.Const("LOCATION"));

    private static readonly Gen<string> StatusValue = Gen.Select(Gen.Int[200, 599], Gen.OneOf(Gen.Const(""), Gen.Const(" OK"), Gen.Const(" Not Found")))
        .Select((code, reason) => code + reason);

    private static readonly Gen<CgiLine> Line = Gen.Frequency(
        (5, Gen.Select(OtherName, Value, Spacing, Spacing, Gen.Bool).Select((n, v, b, a, crlf) => new CgiLine(n, v, b, a, crlf))),
        (2, Gen.Select(SpecialName, Value, Spacing, Spacing, Gen.Bool).Select((n, v, b, a, crlf) => new CgiLine(n, v, b, a, crlf))),
        (1, Gen.Select(StatusValue, Spacing, Gen.Bool).Select((v, a, crlf) => new CgiLine("Status", v, "", a, crlf))));

    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (3, Gen.Byte.Array[0, 200]),
        // Blank lines, CRs and "Status:" in the body are body bytes, not headers.
        (1, Gen.OneOf(Gen.Const("\n\n"u8.ToArray()), Gen.Const("\r\n\r\nStatus: 500\n\n"u8.ToArray()), Gen.Const("\0\r\n"u8.ToArray()))));

    public static readonly Gen<CgiCase> WellFormed =
        Gen.Select(Line.Array[0, 8], Gen.Select(SpecialName, Value, Gen.Bool).Select((n, v, crlf) => new CgiLine(n, v, "", " ", crlf)),
                Gen.Int[0, 8], Gen.Bool, Body)
            .Select((lines, required, at, crlfBlank, body) =>
            {
                // At least one of Content-Type / Location / Status, somewhere among the others.
                var all = lines.ToList();
                all.Insert(at % (all.Count + 1), required);
                return new CgiCase(all, crlfBlank, body);
            });

    /// <summary>Cut points that split <paramref name="length"/> bytes into chunks, as a guest's fd_write calls would.</summary>
    public static Gen<int[]> Cuts(int length) => Gen.Int[0, length].Array[0, 6].Select(c => c.Order().ToArray());

    /// <summary>Bytes a guest might throw into its header block.</summary>
    public static readonly Gen<byte> Hostile = Gen.OneOf(
        Gen.Const((byte)'\r'), Gen.Const((byte)'\n'), Gen.Const((byte)0), Gen.Const((byte)':'), Gen.Const((byte)0x7F),
        Gen.Const((byte)0xC2), Gen.Const((byte)0x85), Gen.Const((byte)0xFF), Gen.Const((byte)' '), Gen.Const((byte)'\t'), Gen.Byte);
}
