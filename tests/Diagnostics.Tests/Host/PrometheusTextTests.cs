using Mik.Durable.Diagnostics.Host.Metrics;

namespace Mik.Durable.Diagnostics.Tests.Host;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Samples_are_read_with_their_labels_values_and_lines_and_comments_are_skipped()
    {
        var text = PrometheusText.Parse("""
            # HELP mik_circuit_breaker_state Circuit of each module: 0 closed, 1 open, 2 half-open.
            # TYPE mik_circuit_breaker_state gauge
            mik_circuit_breaker_state{module="flaky"} 1
            mik_circuit_breaker_state{module="odd \"name\", really"} 0
            mik_cache_misses_total 3
            mik_cache_hits_total{tier="memory"} 40
            mik_cache_hits_total{tier="aot"} 2
            """);

        var flaky = text.One("mik_circuit_breaker_state", "module", "flaky")!;
        Assert.Equal((1.0, "mik_circuit_breaker_state{module=\"flaky\"} 1"), (flaky.Value, flaky.Line));
        Assert.NotNull(text.One("mik_circuit_breaker_state", "module", "odd \"name\", really"));
        Assert.Equal(42, text.Sum("mik_cache_hits_total"));
        Assert.Equal(3, text.Sum("mik_cache_misses_total"));
        Assert.Null(text.Sum("mik_not_there"));
    }
}
