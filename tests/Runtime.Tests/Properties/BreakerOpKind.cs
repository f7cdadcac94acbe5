namespace Mik.Durable.Runtime.Tests.Properties;

internal enum BreakerOpKind
{
    Admit,
    Succeed,
    Fail,
    Neutral,
    Advance,
    Reset,
}
