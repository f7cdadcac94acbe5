using System.CommandLine;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary><c>mik diag bundle|inspect</c>: the escalation bundle, and reading one back (docs/diagnostics.md).</summary>
internal static class DiagCommand
{
    public static Command Create() =>
        new("diag", "Build a diagnostics bundle to escalate with, or inspect one")
        {
            DiagBundleCommand.Create(),
            DiagInspectCommand.Create(),
        };
}
