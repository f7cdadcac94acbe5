namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Advances the engine's epoch once per tick on a dedicated thread. A thread-pool timer would stall exactly when
/// every pool thread is busy running guests, which is when timeouts matter; missed ticks are caught up so a
/// deadline of N ticks stays N ticks of wall time.
/// </summary>
/// <remarks>
/// A Store's deadline counts from the engine's epoch at the time it is set. When this thread was starved and has
/// not caught up yet, that epoch is behind the clock, and the catch-up would end a guest early; so deadlines are
/// computed here, against the ticks the clock says are due, not the ticks already applied.
/// </remarks>
internal sealed class EpochTicker : IDisposable
{
    private readonly Wasmtime.Engine _engine;
    private readonly TimeSpan _tick;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly long _started;
    private long _ticked;

    public EpochTicker(Wasmtime.Engine engine, TimeSpan tick, TimeProvider time)
    {
        _engine = engine;
        _tick = tick;
        _time = time;
        _started = time.GetTimestamp();
        _thread = new Thread(Run) { IsBackground = true, Name = "mik-epoch-ticker" };
        _thread.Start();
    }

    /// <summary>
    /// Relative deadline, in ticks, that ends no earlier than <paramref name="timeout"/> from now: the ticks of the
    /// timeout, one for the tick already partly gone, and the ticks due but not applied yet.
    /// </summary>
    public ulong TicksFor(TimeSpan timeout)
    {
        var applied = Volatile.Read(ref _ticked);
        var lag = Math.Max(0, Due() - applied);
        return (ulong)(Math.Ceiling(timeout / _tick) + 1 + lag);
    }

    private long Due() => (long)(_time.GetElapsedTime(_started) / _tick);

    private void Run()
    {
        while (!_stop.Token.WaitHandle.WaitOne(_tick))
        {
            var due = Due();
            // Increment the engine first: a reader that sees the new count must never find the engine behind it.
            for (var ticked = _ticked; ticked < due; ticked++)
            {
                _engine.IncrementEpoch();
                Volatile.Write(ref _ticked, ticked + 1);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
