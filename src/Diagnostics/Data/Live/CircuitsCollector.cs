using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Data.Live;

/// <summary><c>circuits</c>: <c>GET /circuits</c> as the server answers it (<c>circuits.json</c>); breakers live in the process only.</summary>
internal sealed class CircuitsCollector : ICollector
{
    public string Name => "circuits";

    public TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        using var admin = new AdminApi(context);
        if (!await admin.AnswersAsync(cancellationToken)) throw new CollectorSkippedException(StoppedReason.Of(context));
        // circuits.open reads mik_circuit_breaker_state from the metrics, which need no key.
        if (!admin.MayAsk) throw new CollectorSkippedException(StoppedReason.NoKey);
        output.AddJson(DataFiles.Circuits, await admin.GetJsonAsync("circuits", cancellationToken));
    }
}
