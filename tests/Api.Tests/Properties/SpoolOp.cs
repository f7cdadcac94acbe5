namespace Mik.Durable.Api.Tests.Properties;

/// <summary>One step of a generated spool run.</summary>
internal sealed record SpoolOp(SpoolOpKind Kind, int Value)
{
    public override string ToString() => Kind is SpoolOpKind.Append or SpoolOpKind.Pause ? $"{Kind}({Value})" : $"{Kind}";
}
