namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Advances the engine's epoch once per tick on a dedicated thread. A thread-pool timer would stall exactly when
/// every pool thread is busy running guests, which is when timeouts matter; missed ticks are caught up so a
/// deadline of N ticks stays N ticks of wall time.
/// </summary>
internal sealed class EpochTicker : IDisposable
{
    private readonly Wasmtime.Engine _engine;
    private readonly TimeSpan _tick;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public EpochTicker(Wasmtime.Engine engine, TimeSpan tick, TimeProvider time)
    {
        _engine = engine;
        _tick = tick;
        _time = time;
        _thread = new Thread(Run) { IsBackground = true, Name = "mik-epoch-ticker" };
        _thread.Start();
    }

    private void Run()
    {
        var started = _time.GetTimestamp();
        long ticked = 0;
        while (!_stop.Token.WaitHandle.WaitOne(_tick))
        {
            var due = (long)(_time.GetElapsedTime(started) / _tick);
            for (; ticked < due; ticked++) _engine.IncrementEpoch();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
