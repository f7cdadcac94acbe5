namespace Mik.Durable.Runtime.Tests.Properties;

/// <summary>
/// One step of a generated breaker run. <see cref="Value"/> is the in-flight request an outcome belongs to (taken
/// modulo the requests in flight) or, for <see cref="BreakerOpKind.Advance"/>, the milliseconds the clock moves.
/// </summary>
internal sealed record BreakerOp(BreakerOpKind Kind, int Value)
{
    public override string ToString() => Kind is BreakerOpKind.Admit or BreakerOpKind.Reset ? $"{Kind}" : $"{Kind}({Value})";
}
