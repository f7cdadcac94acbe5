using System.Threading.Channels;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>Wakes the convergence loop: any number of notifications while a pass runs make one more pass, not many.</summary>
internal sealed class PassSignal
{
    private readonly Channel<bool> _wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wakes.Writer.TryWrite(true);

    /// <summary>Returns when woken or when <paramref name="interval"/> has passed, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(interval, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _wakes.Reader.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        while (_wakes.Reader.TryRead(out _))
        {
        }
    }
}
