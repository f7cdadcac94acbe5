using System.CommandLine;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>--config</c>/<c>-c</c>, declared here only: every command finds mik.toml as <c>serve</c> does (docs/operations.md,
/// Configuration). A new instance per command, because an option belongs to one command.
/// </summary>
internal static class ConfigOption
{
    public static Option<string?> Create(
        string description = "Path of mik.toml (else MIK_CONFIG, ./mik.toml, /etc/mik/mik.toml, built-in defaults)") =>
        new("--config", "-c") { Description = description };
}
