using Mik.Durable.Fuzz.Targets;

namespace Mik.Durable.Fuzz;

/// <summary>The targets by the name <c>scripts/fuzz.sh</c>, the corpus folders and the CI tests use.</summary>
internal static class FuzzTargets
{
    public const string Cgi = "cgi";
    public const string Config = "config";
    public const string Upload = "upload";
    public const string Aot = "aot";

    public static IReadOnlyList<string> Names { get; } = [Cgi, Config, Upload, Aot];

    public static IFuzzTarget Create(string name) => name switch
    {
        Cgi => new CgiTarget(),
        Config => new ConfigTarget(),
        Upload => new UploadTarget(),
        Aot => new AotTarget(),
        _ => throw new ArgumentException($"unknown fuzz target '{name}'; one of {string.Join(", ", Names)}", nameof(name)),
    };
}
