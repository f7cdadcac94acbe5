using System.Text;
using Mik.Durable.Api.Logging;
using Serilog;

namespace Mik.Durable.Api.Tests.Logging;

public sealed class StdoutSinkTests
{
    [Fact]
    public void Lines_come_out_in_order_and_everything_queued_is_written_when_the_sink_is_disposed()
    {
        var output = new MemoryStream();
        // A period longer than the test: nothing is written before Dispose drains the queue.
        var sink = new StdoutSink(new MikJsonFormatter(), output, TimeSpan.FromHours(1));
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            for (var i = 0; i < 100; i++) logger.Information("line {n}", i);
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(100, lines.Length);
        for (var i = 0; i < 100; i++) Assert.Contains($"\"message\":\"line {i}\"", lines[i]);
    }

    [Fact]
    public void Past_the_queue_limit_new_events_are_dropped()
    {
        var output = new MemoryStream();
        var sink = new StdoutSink(new MikJsonFormatter(), output, TimeSpan.FromHours(1), queueLimit: 2);
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("first");
            logger.Information("second");
            logger.Information("third");
        }

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("\"first\"", text);
        Assert.Contains("\"second\"", text);
        Assert.DoesNotContain("third", text);
    }
}
