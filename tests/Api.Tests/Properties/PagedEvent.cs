namespace Mik.Durable.Api.Tests.Properties;

/// <summary>One event: which of the module's streams (or another module's) it is on, and its time.</summary>
/// <param name="Kind">0: module stream (<c>module_removed</c>), 1: breaker stream (<c>circuit_opened</c>), 2: cache stream
/// (<c>aot_invalidated</c>), 3: another module's breaker stream.</param>
/// <param name="Ms">Milliseconds after the run's start; many events share one.</param>
/// <param name="Ticks">Extra 100 ns ticks, finer than PostgreSQL keeps.</param>
internal sealed record PagedEvent(int Kind, int Ms, int Ticks)
{
    public override string ToString() => $"{Kind}@{Ms}+{Ticks}";
}
