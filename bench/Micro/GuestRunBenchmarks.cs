using BenchmarkDotNet.Attributes;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Micro;

/// <summary>
/// One guest run as a /run request has it: a fresh Store, the pre-linked module instantiated in it, <c>_start</c>
/// called, the Store deleted. The baseline is the same for a guest whose <c>_start</c> does nothing, so the ratio is
/// what hello's own work (its data, its libc start-up, its write to stdout) adds to the fixed cost of a request's instance.
/// </summary>
/// <remarks>BenchmarkDotNet derives a class from each benchmark class: they are public and not sealed.</remarks>
[MemoryDiagnoser]
public class GuestRunBenchmarks
{
    private Guests _guests = null!;
    private WagiExecutor _executor = null!;
    private WagiRequest _hello = null!;
    private WagiRequest _noop = null!;

    [GlobalSetup]
    public void Setup()
    {
        _guests = new Guests();
        _executor = new WagiExecutor(_guests.Engine);
        (_hello, _noop) = (Guests.Get("hello"), Guests.Get("noop"));
        using var stdout = new OutputBuffer(_guests.Engine.Options.MaxStdoutBytes);
        // A benchmark of a run that failed would measure the failure: check both guests once.
        if (_guests.InstanceAndRun(_guests.Hello, _hello, stdout).Error is { } error) throw error;
        if (stdout.Length == 0) throw new InvalidOperationException("hello wrote nothing");
        if (_guests.InstanceAndRun(_guests.Noop, _noop, stdout).Error is { } noopError) throw noopError;
        using var result = _executor.Execute(_guests.Hello, _hello);
        if (!result.Succeeded) throw new InvalidOperationException(result.Failure!.Message);
    }

    [Benchmark(Baseline = true)]
    public long NoopInstanceAndRun()
    {
        using var stdout = new OutputBuffer(_guests.Engine.Options.MaxStdoutBytes);
        return _guests.InstanceAndRun(_guests.Noop, _noop, stdout).MemoryBytes;
    }

    [Benchmark]
    public long HelloInstanceAndRun()
    {
        using var stdout = new OutputBuffer(_guests.Engine.Options.MaxStdoutBytes);
        return _guests.InstanceAndRun(_guests.Hello, _hello, stdout).MemoryBytes;
    }

    /// <summary>All of <see cref="WagiExecutor.Execute"/>: the run above plus classifying it and parsing hello's CGI output.</summary>
    [Benchmark]
    public int HelloExecute()
    {
        using var result = _executor.Execute(_guests.Hello, _hello);
        return result.Response!.Status;
    }

    [GlobalCleanup]
    public void Cleanup() => _guests.Dispose();
}
