using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// A configuration that cannot be used, as <c>serve</c>, <c>mik db</c> and the admin API commands print it (docs/operations.md,
/// "Configuration"): <c>mik: </c> and the loader's message, whose problems follow one per line; exit 2 for a bad
/// <c>--config</c>, 1 for a file or environment that does not load.
/// </summary>
internal static class ConfigError
{
    public static bool Is(Exception e) => e is ConfigOptionException or ConfigException;

    /// <summary>Writes <paramref name="e"/> (one that <see cref="Is"/>) to <paramref name="error"/> and returns the exit code.</summary>
    public static async Task<int> WriteAsync(TextWriter error, Exception e)
    {
        await error.WriteLineAsync("mik: " + e.Message);
        return e is ConfigOptionException ? ExitCodes.Usage : ExitCodes.Failure;
    }
}
