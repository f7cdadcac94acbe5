using System.CommandLine;

namespace Mik.Durable.Api.Cli.Client;

/// <summary>The options every admin API command takes; one instance per command (an option belongs to one command).</summary>
internal sealed class ClientOptions
{
    public Option<string?> Config { get; } = ConfigOption.Create("mik.toml giving [admin] host and port (found as serve finds it)");

    public Option<string?> AdminUrl { get; } = new("--admin-url")
    {
        Description = "Admin API address, e.g. http://10.0.0.5:9919 (default: from the config)",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "JSON lines, also on a terminal" };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Stack trace with an unexpected error" };

    /// <summary>Adds the options to <paramref name="command"/> and returns it.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(AdminUrl);
        command.Options.Add(Json);
        command.Options.Add(Verbose);
        return command;
    }
}
