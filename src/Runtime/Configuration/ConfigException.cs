namespace Mik.Durable.Runtime.Configuration;

/// <summary>The configuration cannot be used; <see cref="Exception.Message"/> names every bad key, its value and why.</summary>
public sealed class ConfigException(string? source, IReadOnlyList<ConfigProblem> problems)
    : Exception(Format(source, problems))
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;

    private static string Format(string? source, IReadOnlyList<ConfigProblem> problems) =>
        $"invalid configuration ({source ?? "defaults and environment"}):" + Environment.NewLine +
        string.Join(Environment.NewLine, problems.Select(p => "  " + p));
}
