using BenchmarkDotNet.Attributes;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Micro;

/// <summary>
/// <see cref="CgiResponseParser"/> on hello's output and on a response with ten headers. The baseline finds every line
/// of the same bytes with <c>IndexOf</c>, which any parse of them must at least do.
/// </summary>
[MemoryDiagnoser]
public class CgiParseBenchmarks
{
    private ReadOnlyMemory<byte> _output;

    [Params("hello", "ten_headers")]
    public string Response { get; set; } = "hello";

    [GlobalSetup]
    public void Setup() => _output = Outputs.Of(Response);

    [Benchmark(Baseline = true)]
    public int SplitLines()
    {
        var rest = _output.Span;
        var lines = 0;
        for (var at = rest.IndexOf((byte)'\n'); at >= 0; at = rest.IndexOf((byte)'\n'))
        {
            lines++;
            rest = rest[(at + 1)..];
        }
        return lines;
    }

    [Benchmark]
    public int Parse() => CgiResponseParser.TryParse(_output, out var response, out var error)
        ? response.Headers.Count
        : throw new InvalidOperationException(error);
}
