using System.Text;
using Mik.Durable.Runtime.Wagi;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

public sealed class CgiResponseParserTests
{
    private static CgiResponse Parse(string stdout) => Parse(Encoding.UTF8.GetBytes(stdout));

    private static CgiResponse Parse(byte[] stdout)
    {
        Assert.True(CgiResponseParser.TryParse(stdout, out var response, out var error), error);
        return response;
    }

    private static string Invalid(string stdout) => Invalid(Encoding.UTF8.GetBytes(stdout));

    private static string Invalid(byte[] stdout)
    {
        Assert.False(CgiResponseParser.TryParse(stdout, out var response, out var error));
        Assert.Null(response);
        return error;
    }

    private static string Body(CgiResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    [Fact]
    public void Content_type_alone_gives_200_and_the_body_after_the_blank_line()
    {
        var response = Parse("Content-Type: text/plain\n\nhello\n\nworld");

        Assert.Equal(200, response.Status);
        Assert.Equal([new("Content-Type", "text/plain")], response.Headers);
        Assert.Equal("hello\n\nworld", Body(response));
    }

    [Fact]
    public void The_body_is_a_slice_of_the_stdout_buffer_not_a_copy()
    {
        var stdout = Encoding.UTF8.GetBytes("Content-Type: a/b\n\nxyz");

        var response = Parse(stdout);

        stdout[^1] = (byte)'!';
        Assert.Equal("xy!", Body(response));
    }

    [Theory]
    [InlineData("Content-Type: text/plain\r\n\r\nbody\r\n")]
    [InlineData("Content-Type: text/plain\n\r\nbody\r\n")]
    [InlineData("Content-Type:text/plain\n\nbody\r\n")]
    [InlineData("  content-type  :   text/plain  \n\nbody\r\n")]
    public void Crs_in_headers_and_spacing_around_the_colon_do_not_matter_but_body_crs_stay(string stdout)
    {
        var response = Parse(stdout);

        Assert.Equal([new("Content-Type", "text/plain")], response.Headers);
        Assert.Equal("body\r\n", Body(response));
    }

    [Fact]
    public void A_value_keeps_everything_after_the_first_colon()
    {
        var response = Parse("Content-Type: text/plain\nX-Url: http://a:8080/b\n\n");

        Assert.Contains(new KeyValuePair<string, string>("X-Url", "http://a:8080/b"), response.Headers);
    }

    [Theory]
    [InlineData("Status: 404\n\n", 404)]
    [InlineData("Status: 404 Not Found\n\n", 404)]
    [InlineData("status:201\n\n", 201)]
    [InlineData("Location: /next\n\n", 302)]
    [InlineData("Location: /next\nStatus: 303 See Other\n\n", 303)]
    [InlineData("Status: 308\nLocation: /next\n\n", 308)]
    [InlineData("Content-Type: text/plain\nLocation: /next\n\n", 302)]
    public void Status_comes_from_status_then_location_then_200(string stdout, int status)
    {
        Assert.Equal(status, Parse(stdout).Status);
    }

    [Theory]
    [InlineData("Status: abc\n\n")]
    [InlineData("Status: 99\n\n")]
    [InlineData("Status: 1000\n\n")]
    [InlineData("Status: \n\n")]
    [InlineData("Status: -200\n\n")]
    [InlineData("Status: 999\n\n")]
    [InlineData("Status: 600 Beyond\nContent-Type: text/plain\n\n")]
    [InlineData("Status: 099\n\n")]
    [InlineData("Status: 100 Continue\nContent-Type: text/plain\n\n")]
    [InlineData("Status: 101 Switching Protocols\nContent-Type: text/plain\n\n")]
    [InlineData("Status: 199\n\n")]
    public void A_status_that_is_not_a_final_200_to_599_is_invalid_output(string stdout)
    {
        var error = Invalid(stdout);
        Assert.Contains("Status", error);
        Assert.Contains("200 to 599", error);
    }

    [Theory]
    [InlineData("Status: 200\n\n", 200)]
    [InlineData("Status: 599\n\n", 599)]
    public void The_edges_of_the_status_range_pass(string stdout, int status)
    {
        Assert.Equal(status, Parse(stdout).Status);
    }

    [Fact]
    public void Other_headers_pass_through_in_order_with_repeats_and_status_is_not_a_header()
    {
        var response = Parse("Set-Cookie: a=1\nStatus: 200\nContent-Type: text/html\nSet-Cookie: b=2\nCache-Control: no-store\n\n");

        Assert.Equal(
            [new("Content-Type", "text/html"), new("Set-Cookie", "a=1"), new("Set-Cookie", "b=2"), new("Cache-Control", "no-store")],
            response.Headers);
    }

    [Fact]
    public void Lines_without_a_colon_and_invalid_names_or_values_are_skipped_with_a_warning()
    {
        var response = Parse("Content-Type: text/plain\nthis is not a header\nBad Name: x\nX-Ctl: a\u0001b\nX-Ok: yes\n\n");

        Assert.Equal([new("Content-Type", "text/plain"), new("X-Ok", "yes")], response.Headers);
        Assert.Equal(3, response.Warnings.Count);
    }

    [Fact]
    public void Framing_headers_belong_to_the_host_and_are_dropped()
    {
        var response = Parse("Content-Type: text/plain\nContent-Length: 999\nTransfer-Encoding: chunked\nConnection: close\n\nabc");

        Assert.Equal([new("Content-Type", "text/plain")], response.Headers);
        Assert.Equal("abc", Body(response));
    }

    [Fact]
    public void Repeated_content_type_or_location_is_sent_once_with_the_last_value()
    {
        var response = Parse("Content-Type: a/a\nLocation: /1\nContent-Type: b/b\nLocation: /2\n\n");

        Assert.Equal([new("Content-Type", "b/b"), new("Location", "/2")], response.Headers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Content-Type: text/plain")]
    [InlineData("Content-Type: text/plain\nbody without blank line")]
    [InlineData("X-Custom: only\n\nbody")]
    [InlineData("\n\nbody")]
    [InlineData("just some text\n\nmore")]
    public void Output_without_a_header_block_or_a_required_header_is_invalid(string stdout)
    {
        Assert.NotEmpty(Invalid(stdout));
    }

    [Fact]
    public void A_header_block_that_is_not_utf8_is_invalid_but_a_binary_body_is_fine()
    {
        var badHeader = Encoding.UTF8.GetBytes("Content-Type: text/plain\nX-Bad: ?\n\nbody");
        badHeader[Array.IndexOf(badHeader, (byte)'?')] = 0xFF;
        var binaryBody = Encoding.UTF8.GetBytes("Content-Type: application/octet-stream\n\n").Concat(new byte[] { 0xFF, 0x00, 0x0D, 0x0A }).ToArray();

        Assert.Contains("UTF-8", Invalid(badHeader));
        Assert.Equal(new byte[] { 0xFF, 0x00, 0x0D, 0x0A }, Parse(binaryBody).Body.ToArray());
    }
}
