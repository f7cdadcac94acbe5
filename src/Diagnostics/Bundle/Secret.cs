namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>A secret value this process can see, and what kind it is (the kind goes into the manifest, the value never).</summary>
public sealed record Secret(string Kind, string Value)
{
    public override string ToString() => Kind;
}
