using Mik.Durable.Runtime.Components;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>A component's stdout and stderr as log lines: each stream keeps its own unfinished line.</summary>
public sealed class ComponentOutputLogTests
{
    [Fact]
    public void Lines_come_in_the_order_they_ended_and_a_partial_line_of_one_stream_never_mixes_with_the_other()
    {
        var log = new ComponentOutputLog(1024);

        log.Write(0, "out: sta"u8);
        log.Write(1, "err: whole\r\n"u8);
        log.Write(0, "rted\nout: tail"u8);

        Assert.Equal(["err: whole", "out: started", "out: tail"], log.Complete());
    }

    [Fact]
    public void Nothing_written_is_no_lines()
    {
        Assert.Empty(new ComponentOutputLog(1024).Complete());
    }

    [Fact]
    public void Past_the_cap_the_rest_is_dropped_and_one_marker_line_says_so()
    {
        var log = new ComponentOutputLog(4);

        log.Write(1, "abcdef\n"u8);
        log.Write(0, "more\n"u8);

        Assert.Equal(["abcd", "[output truncated after 4 bytes]"], log.Complete());
    }
}
