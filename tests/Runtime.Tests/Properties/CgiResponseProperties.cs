using System.Text;
using CsCheck;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Tests.Properties;

/// <summary>
/// The CGI response parser (docs/wagi.md, CGI output parsing) on generated stdout: well-formed responses come back
/// whole however the guest split its writes; malformed ones are refused with the parser's own error; nothing
/// throws and no header with a control character ever comes out (docs/reliability.md, Property-based tests).
/// </summary>
public sealed class CgiResponseProperties
{
    internal const long Iterations = 5_000;

    /// <summary>The errors docs/wagi.md lists for invalid handler output.</summary>
    private static readonly string[] DocumentedErrors =
    [
        "the handler wrote nothing to stdout",
        "the handler's output has no blank line ending the CGI headers",
        "the handler's CGI headers are not valid UTF-8",
        "the handler's output has none of Content-Type, Status or Location",
        "the handler's Status '",
    ];

    [Fact]
    public void A_well_formed_response_comes_back_whole_however_stdout_was_split_into_writes() =>
        Gen.Select(CgiGen.WellFormed, Gen.Int[0, 10_000].Array[0, 6]).Sample((cgi, cuts) =>
        {
            var stdout = cgi.Stdout;
            using var buffer = new OutputBuffer(64 * 1024);
            var from = 0;
            foreach (var cut in cuts.Select(c => c * stdout.Length / 10_000).Order().Append(stdout.Length))
            {
                Assert.True(buffer.TryWrite(stdout.AsSpan(from, cut - from)));
                from = cut;
            }

            Assert.True(CgiResponseParser.TryParse(buffer.Written, out var response, out var error), error);
            Assert.Equal(cgi.ExpectedStatus, response.Status);
            Assert.Equal(cgi.ExpectedHeaders, response.Headers);
            Assert.Equal(cgi.Body, response.Body.ToArray());
            Assert.Empty(response.Warnings);
        }, iter: PropertyRuns.Iter(Iterations), print: t => $"{t.Item1} cuts=[{string.Join(",", t.Item2)}]");

    [Fact]
    public void Output_without_a_blank_line_is_refused_as_such() =>
        CgiGen.WellFormed.Sample(cgi =>
        {
            var headersOnly = Encoding.ASCII.GetBytes(string.Concat(cgi.Lines.Select(l => l.Render())));
            AssertRefused(headersOnly, "the handler's output has no blank line ending the CGI headers");
        }, iter: PropertyRuns.Iter(Iterations));

    [Fact]
    public void Output_with_none_of_content_type_status_or_location_is_refused_as_such() =>
        CgiGen.WellFormed.Sample(cgi =>
        {
            // At least one line: the parser reads a stdout that starts with an empty line as headers up to the first "\n\n".
            var others = cgi with { Lines = [new CgiLine("X-Only", "1", "", " ", false), .. cgi.Lines.Where(l => !l.IsSpecial)] };
            AssertRefused(others.Stdout, "the handler's output has none of Content-Type, Status or Location");
        }, iter: PropertyRuns.Iter(Iterations));

    [Fact]
    public void Headers_that_are_not_utf8_are_refused_as_such() =>
        Gen.Select(CgiGen.WellFormed, Gen.Int[0, 10_000], Gen.OneOf(Gen.Const((byte)0xFF), Gen.Const((byte)0xC3), Gen.Const((byte)0x80)))
            .Sample((cgi, at, bad) =>
            {
                var stdout = cgi.Stdout.ToList();
                var headerEnd = stdout.Count - cgi.Body.Length - (cgi.CrLfBlankLine ? 2 : 1);
                // Inside a header line, so the blank line stays where it was.
                stdout.Insert(at % headerEnd, bad);
                AssertRefused([.. stdout], "the handler's CGI headers are not valid UTF-8");
            }, iter: PropertyRuns.Iter(Iterations));

    [Fact]
    public void A_status_outside_200_to_599_is_refused_as_such() =>
        Gen.Select(CgiGen.WellFormed, Gen.OneOf(
                Gen.OneOf(Gen.Int[-1000, 199], Gen.Int[600, 100_000]).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Gen.OneOf(Gen.Const(""), Gen.Const("abc"), Gen.Const("2OO"), Gen.Const("20 0"), Gen.Const("99999999999999999999"))))
            .Sample((cgi, status) =>
            {
                var bad = cgi with { Lines = [.. cgi.Lines, new CgiLine("Status", status, "", " ", false)] };
                AssertRefused(bad.Stdout, "the handler's Status '");
            }, iter: PropertyRuns.Iter(Iterations));

    [Fact]
    public void Any_stdout_is_either_a_safe_response_or_a_documented_refusal_never_an_exception() =>
        Gen.OneOf(
            Gen.Byte.Array[0, 300],
            Gen.Select(CgiGen.WellFormed, CgiGen.Hostile.Array[1, 6], Gen.Int[0, 10_000].Array[6]).Select((cgi, bytes, at) =>
            {
                var stdout = cgi.Stdout.ToList();
                for (var i = 0; i < bytes.Length; i++) stdout.Insert(at[i] % (stdout.Count + 1), bytes[i]);
                return stdout.ToArray();
            })).Sample(stdout =>
            {
                if (!CgiResponseParser.TryParse(stdout, out var response, out var error))
                {
                    Assert.Null(response);
                    Assert.Contains(DocumentedErrors, e => error.StartsWith(e, StringComparison.Ordinal));
                    return;
                }
                Assert.InRange(response.Status, 200, 599);
                foreach (var (name, value) in response.Headers)
                {
                    Assert.True(name.Length > 0 && name.All(c => c > 0x20 && c < 0x7F && c != ':'), $"header name '{name}'");
                    Assert.True(value.All(c => c == '\t' || (c >= 0x20 && c < 0x7F)), $"header value '{value}'");
                    Assert.False(CgiResponseParser.IsHostOwned(name), $"host-owned header '{name}' passed through");
                }
                Assert.True(response.Headers.Count(h => h.Key == "Content-Type") <= 1);
                Assert.True(response.Headers.Count(h => h.Key == "Location") <= 1);
                Assert.True(stdout.AsSpan().EndsWith(response.Body.Span), "the body is not the end of stdout");
            }, iter: PropertyRuns.Iter(Iterations * 4), print: s => Convert.ToHexString(s));

    private static void AssertRefused(byte[] stdout, string expected)
    {
        Assert.False(CgiResponseParser.TryParse(stdout, out var response, out var error), "accepted: " + Convert.ToHexString(stdout));
        Assert.Null(response);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
