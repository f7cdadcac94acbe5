using BenchmarkDotNet.Attributes;
using Mik.Durable.Api.Logging;
using Mik.Durable.Api.Requests;
using Mik.Durable.Runtime.Configuration;
using Serilog.Core;

namespace Mik.Durable.Micro;

/// <summary>
/// One <c>request_completed</c> line, written as every request writes it (<see cref="RequestLog"/>), through mik's
/// Serilog pipeline: its levels and filter, <see cref="SecretMaskEnricher"/> with an API key and a database password
/// to look for, and <see cref="MikJsonFormatter"/>, formatting into a writer that discards. The baseline is the same
/// pipeline without the enricher, so the ratio is what masking costs a line.
/// </summary>
/// <remarks>
/// mik's stdout sink formats on a thread of its own; here the formatting runs inline, so one operation is the whole
/// work of a line, on whichever thread mik does it.
/// </remarks>
[MemoryDiagnoser]
public class RequestLogBenchmarks
{
    private Logger _unmasked = null!;
    private Logger _masked = null!;
    private RequestLog _plainLog = null!;
    private RequestLog _maskedLog = null!;

    [GlobalSetup]
    public void Setup()
    {
        var config = new MikConfig();
        config.Admin.ApiKey = "mk_live_7Qf3xW9pL2vR8sT4";
        config.Database.Url = "postgres://mik:Db-pass-2f9c41@127.0.0.1:5432/mik";
        var secrets = SecretMask.For(config);
        if (secrets.IsEmpty) throw new InvalidOperationException("the mask has no secrets to look for");
        var sink = new FormattingSink(new MikJsonFormatter(), TextWriter.Null);
        _unmasked = LoggingSetup.Filtered(config.Logging).WriteTo.Sink(sink).CreateLogger();
        _masked = LoggingSetup.Filtered(config.Logging).Enrich.With(new SecretMaskEnricher(secrets)).WriteTo.Sink(sink).CreateLogger();
        (_plainLog, _maskedLog) = (new RequestLog(_unmasked), new RequestLog(_masked));
    }

    [Benchmark(Baseline = true)]
    public void WithoutMask() => _plainLog.Completed("GET", "/run/hello/greeting", 200, 0.42, "hello");

    [Benchmark]
    public void WithMask() => _maskedLog.Completed("GET", "/run/hello/greeting", 200, 0.42, "hello");

    [GlobalCleanup]
    public void Cleanup()
    {
        _unmasked.Dispose();
        _masked.Dispose();
    }
}
