using Mik.Durable.Runtime.Files;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// Finds, parses, overrides from the environment and validates <c>mik.toml</c> (docs/operations.md).
/// Lookup: <c>--config</c>, else <c>MIK_CONFIG</c>, else <c>./mik.toml</c>, else <c>/etc/mik/mik.toml</c>, else defaults.
/// Relative paths in the file are taken from the file's folder.
/// </summary>
public static class ConfigLoader
{
    public const string SystemConfigPath = "/etc/mik/mik.toml";

    public static LoadedConfig Load(string? explicitPath, Func<string, string?> env, string? workingDirectory = null)
    {
        var cwd = workingDirectory ?? Directory.GetCurrentDirectory();
        var path = ResolvePath(explicitPath, env, cwd);
        var config = new MikConfig();
        var binder = new TomlBinder();
        if (path is not null)
        {
            binder.Bind(Parse(path), config);
        }
        var problems = binder.Problems.ToList();
        var fromEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        problems.AddRange(EnvironmentOverrides.Apply(config, env, fromEnvironment));
        if (problems.Count == 0)
        {
            problems.AddRange(new MikConfigValidator().Validate(config).Errors.Select(e => new ConfigProblem(
                EnvironmentOverrides.Name(e.PropertyName, fromEnvironment), ShowValue(e.PropertyName, e.AttemptedValue), e.ErrorMessage)));
        }
        if (problems.Count > 0) throw new ConfigException(path, problems);

        ConfigPaths.MakeAbsolute(config, path is null ? cwd : Path.GetDirectoryName(path)!, env);
        return new LoadedConfig(config, path, binder.UnknownKeys);
    }

    // A database URL may carry a password; a start-up error must not print it, nor a secret of the wrong type.
    internal static string ShowValue(string key, object? value) =>
        SecretSettings.IsSecretKey(key) ? "(not shown: it may hold a secret)" : TomlBinder.Render(value);

    private static string? ResolvePath(string? explicitPath, Func<string, string?> env, string cwd)
    {
        if (explicitPath is not null) return CheckFile(explicitPath, cwd, fromFlag: true);
        if (env("MIK_CONFIG") is { Length: > 0 } fromEnv) return CheckFile(fromEnv, cwd, fromFlag: false);
        var local = Path.Combine(cwd, "mik.toml");
        if (File.Exists(local)) return local;
        return File.Exists(SystemConfigPath) ? SystemConfigPath : null;
    }

    /// <summary>The full path of a config file the operator named, which must be a readable file.</summary>
    /// <exception cref="ConfigOptionException">Named by <c>--config</c> and unusable.</exception>
    /// <exception cref="ConfigException">Named by <c>MIK_CONFIG</c> and unusable.</exception>
    private static string CheckFile(string named, string cwd, bool fromFlag)
    {
        string? reason = null;
        var full = string.IsNullOrWhiteSpace(named) ? named : Path.GetFullPath(named, cwd);
        if (string.IsNullOrWhiteSpace(named)) reason = "must name a mik.toml file" + (fromFlag ? " (leave --config out for the default lookup)" : "");
        else if (Directory.Exists(full)) reason = $"{full} is a folder, not a file; name the mik.toml inside it";
        else if (!File.Exists(full)) reason = $"{full}: file not found";
        else if (CannotRead(full) is { } error) reason = $"{full}: cannot read: {error}";
        if (reason is null) return full;
        if (fromFlag) throw new ConfigOptionException(named, reason);
        throw new ConfigException(full, [new ConfigProblem("config (env MIK_CONFIG)", TomlBinder.Render(named), reason)]);
    }

    private static string? CannotRead(string path)
    {
        try
        {
            // Never an open that can block: a FIFO named as the config would hang start-up.
            RegularFile.OpenRead(path).Dispose();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static TomlTable Parse(string path)
    {
        string text;
        try
        {
            // Also for ./mik.toml and /etc/mik/mik.toml, which are not checked beforehand: a FIFO there must not block.
            using var reader = new StreamReader(new MemoryStream(RegularFile.ReadAllBytes(path)), detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, [new ConfigProblem("config", path, "cannot read: " + e.Message)]);
        }
        try
        {
            // The model reader takes a key given twice (or a table defined twice), the last one winning, and the operator
            // would never learn that the first (perhaps the one being edited) counts for nothing. TOML says it is invalid.
            SyntaxParser.ParseStrict(text, path, validate: true);
            return TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = path }) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new ConfigException(path, [new ConfigProblem("config", $"line {e.Line}, column {e.Column}", "not valid TOML: " + e.Message)]);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // Tomlyn throws these instead of a TomlException for some broken files (an escape cut off by the end of
            // the file, found by fuzzing): still a file that is not TOML, not a crash of mik.
            throw new ConfigException(path, [new ConfigProblem("config", "(no position)", "not valid TOML: the parser gave up: " + e.Message)]);
        }
    }
}
