using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Fuzz.Targets;

/// <summary>
/// A <c>mik.toml</c> through <see cref="ConfigLoader.Load"/>, from a file on disk as <c>mik --config</c> reads it.
/// Contract: a loaded configuration or a <see cref="ConfigException"/> naming at least one problem, never another
/// exception (which <c>mik</c> would print as a crash instead of a configuration error); a loaded configuration's
/// folders are absolute.
/// </summary>
internal sealed class ConfigTarget : IFuzzTarget
{
    private readonly FuzzFolder _folder = new();
    private readonly string _path;

    public ConfigTarget()
    {
        _path = Path.Combine(_folder.Sub("etc"), "mik.toml");
    }

    public string Name => FuzzTargets.Config;

    public void Run(byte[] input)
    {
        File.WriteAllBytes(_path, input);
        LoadedConfig loaded;
        try
        {
            loaded = ConfigLoader.Load(_path, Environment, _folder.Root);
        }
        catch (ConfigException e)
        {
            if (e.Problems.Count == 0) throw new FuzzContractException("refused without naming a problem");
            return;
        }
        var config = loaded.Config;
        foreach (var folder in new[] { config.Server.Modules, config.State.Dir })
        {
            if (!Path.IsPathFullyQualified(folder)) throw new FuzzContractException($"'{folder}' was not made absolute");
        }
    }

    // Only HOME, for a leading ~; every override from the environment stays out, so the file alone decides.
    private static string? Environment(string name) => name == "HOME" ? "/home/fuzz" : null;

    public void Dispose() => _folder.Dispose();
}
