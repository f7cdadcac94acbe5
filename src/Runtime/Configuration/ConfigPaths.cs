namespace Mik.Durable.Runtime.Configuration;

/// <summary>Turns the file's relative paths and a leading <c>~</c> into absolute paths, once, at load.</summary>
internal static class ConfigPaths
{
    public static void MakeAbsolute(MikConfig config, string baseDirectory, Func<string, string?> env)
    {
        string Abs(string path) => string.IsNullOrEmpty(path) ? path : Path.GetFullPath(ExpandHome(path, env), baseDirectory);

        config.Server.Modules = Abs(config.Server.Modules);
        config.State.Dir = Abs(config.State.Dir);
        config.Logging.File = Abs(config.Logging.File);
        foreach (var module in config.Modules.Values)
        {
            foreach (var volume in module.Volumes.Values) volume.Path = Abs(volume.Path);
        }
    }

    private static string ExpandHome(string path, Func<string, string?> env)
    {
        if (path != "~" && !path.StartsWith("~/", StringComparison.Ordinal)) return path;
        var home = env("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home + path[1..];
    }
}
