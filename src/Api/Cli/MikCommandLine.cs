using System.CommandLine;

namespace Mik.Durable.Api.Cli;

/// <summary>The <c>mik</c> command tree (docs/operations.md). Exit codes: 0 ok, 1 failure, 2 usage.</summary>
internal static class MikCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("mik: runs WebAssembly HTTP handlers with an audit trail in PostgreSQL");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(ModulesCommand.Create());
        root.Subcommands.Add(CircuitsCommand.Create());
        root.Subcommands.Add(InstancesCommand.Create());
        root.Subcommands.Add(StateCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(CallCommand.Create());
        root.Subcommands.Add(CacheCommand.Create());
        root.Subcommands.Add(DiagCommands.DoctorCommand.Create());
        root.Subcommands.Add(DiagCommands.DiagCommand.Create());
        root.Subcommands.Add(CompletionsCommand.Create());
        VersionAction.Install(root);
        return root;
    }

    /// <summary>Runs <paramref name="args"/>; commands write to <paramref name="output"/>/<paramref name="error"/> (default: the console).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        // No @response files: `mik call -d @body.json` reads the file as the request body, as curl does.
        var result = Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            foreach (var problem in result.Errors) await error.WriteLineAsync("mik: " + problem.Message);
            await error.WriteLineAsync("Try 'mik --help'.");
            return ExitCodes.Usage;
        }
        // The host handles SIGTERM itself (drain, then stop the cluster); System.CommandLine's own handler would
        // kill the process two seconds after the signal.
        return await result.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, Output = output, Error = error });
    }
}
