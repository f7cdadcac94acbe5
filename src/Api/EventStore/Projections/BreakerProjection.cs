using Marten.Events.Aggregation;
using Mik.Durable.Domain.Breakers;

namespace Mik.Durable.Api.EventStore.Projections;

/// <summary>Breaker states across the cluster, as the audit trail tells them.</summary>
public sealed partial class BreakerProjection : SingleStreamProjection<BreakerView, string>
{
    public void Apply(CircuitOpened e, BreakerView view)
    {
        view.Module = e.Module;
        view.State = "open";
        view.Opens++;
        view.LastError = e.LastError;
        view.OpenedAt = e.At;
        view.LastChange = e.At;
    }

    public void Apply(CircuitHalfOpened e, BreakerView view)
    {
        view.Module = e.Module;
        view.State = "half_open";
        view.LastChange = e.At;
    }

    public void Apply(CircuitClosed e, BreakerView view) => Close(view, e.Module, e.At);

    public void Apply(CircuitReset e, BreakerView view) => Close(view, e.Module, e.At);

    private static void Close(BreakerView view, string module, DateTimeOffset at)
    {
        view.Module = module;
        view.State = "closed";
        view.OpenedAt = null;
        view.LastChange = at;
    }
}
