using Mik.Durable.Api.Cli.Client;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>
/// The configuration for <c>mik doctor</c> and <c>mik diag</c>: found as <c>serve</c> finds it, but a config that
/// serve would refuse only for the missing API key is still loaded, with its problems kept, since that refusal is
/// one of the things the doctor reports.
/// </summary>
internal static class DiagConfig
{
    /// <exception cref="CliException">The config cannot be loaded at all (exit 1), or a bad <c>--config</c> (exit 2).</exception>
    public static (LoadedConfig Config, IReadOnlyList<ConfigProblem> Problems) Load(string? path)
    {
        try
        {
            return (ConfigLoader.Load(path, Environment.GetEnvironmentVariable), []);
        }
        catch (ConfigOptionException e)
        {
            throw new CliException(e.Message, ExitCodes.Usage);
        }
        catch (ConfigException refused)
        {
            try
            {
                var loaded = ConfigLoader.Load(path, WithSomeKey);
                // The stand-in key made it load; it must not look like a key anybody set.
                loaded.Config.Admin.ApiKey = "";
                return (loaded, refused.Problems);
            }
            catch (ConfigException)
            {
                throw new CliException(refused.Message);
            }
        }
    }

    private static string? WithSomeKey(string name) =>
        name == AdminClient.KeyVariable ? "(stand-in: the doctor checks the key separately)" : Environment.GetEnvironmentVariable(name);
}
