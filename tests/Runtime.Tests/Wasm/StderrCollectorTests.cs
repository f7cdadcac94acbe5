using System.Text;
using Mik.Durable.Runtime.Wasm;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wasm;

public sealed class StderrCollectorTests
{
    private static void Write(StderrCollector collector, string text) => collector.Write(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Lines_split_across_writes_are_joined_and_crlf_is_one_line_end()
    {
        var collector = new StderrCollector(limit: 1024);

        Write(collector, "par");
        Write(collector, "tial\r\nnext\n\nlast");

        Assert.Equal(["partial", "next", "", "last"], collector.Complete());
    }

    [Fact]
    public void Past_the_limit_the_rest_is_dropped_and_a_marker_line_says_so()
    {
        var collector = new StderrCollector(limit: 10);

        Write(collector, "0123456789ABC\nmore\n");

        Assert.Equal(["0123456789", "[stderr truncated after 10 bytes]"], collector.Complete());
    }

    [Fact]
    public void A_very_long_line_is_cut_into_bounded_lines()
    {
        var collector = new StderrCollector(limit: 1024, maxLineBytes: 4);

        Write(collector, "abcdefghij\n");

        Assert.Equal(["abcd", "efgh", "ij"], collector.Complete());
    }
}
