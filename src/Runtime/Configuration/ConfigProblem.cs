namespace Mik.Durable.Runtime.Configuration;

/// <summary>One thing wrong with a setting: its key (<c>server.port</c>), the value as written, and why.</summary>
public sealed record ConfigProblem(string Key, string Value, string Reason)
{
    public override string ToString() => $"{Key} = {Value}: {Reason}";
}
