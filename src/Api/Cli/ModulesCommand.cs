using System.CommandLine;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik modules list|show|deploy|rm|rollback|history</c>: the modules of a running mik, through its admin API.</summary>
internal static class ModulesCommand
{
    public static Command Create() =>
        new("modules", "List, show, deploy, remove and roll back the modules of a running mik (admin API)")
        {
            ModulesListCommand.Create(),
            ModulesShowCommand.Create(),
            ModulesDeployCommand.Create(),
            ModulesRemoveCommand.Create(),
            ModulesRollbackCommand.Create(),
            ModulesHistoryCommand.Create(),
        };

    public static Argument<string> NameArgument() => new("name") { Description = "Module name (its file name without .wasm)" };

    public static string Path(string name) => "modules/" + Uri.EscapeDataString(name);
}
