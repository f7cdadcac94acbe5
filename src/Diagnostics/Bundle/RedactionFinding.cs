namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>The secret scan replaced a value of this kind (<c>api_key</c>, <c>database.url password</c>, …) in this file. Never the value.</summary>
public sealed record RedactionFinding(string File, string Kind);
