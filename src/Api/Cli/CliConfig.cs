using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cli;

/// <summary>mik.toml found as <c>serve</c> finds it (<c>--config</c>, MIK_CONFIG, ./mik.toml, /etc/mik/mik.toml, defaults).</summary>
internal static class CliConfig
{
    /// <summary>The configuration, or null after writing the one-line error; <paramref name="exitCode"/> says which exit.</summary>
    public static MikConfig? Load(string? path, TextWriter error, out int exitCode)
    {
        try
        {
            exitCode = ExitCodes.Ok;
            return ConfigLoader.Load(path, Environment.GetEnvironmentVariable).Config;
        }
        catch (ConfigOptionException e)
        {
            exitCode = CliConventions.Fail(error, e.Message, ExitCodes.Usage);
        }
        catch (ConfigException e)
        {
            exitCode = CliConventions.Fail(error, e.Message);
        }
        return null;
    }
}
