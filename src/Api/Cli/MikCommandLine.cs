using System.CommandLine;

namespace Mik.Durable.Api.Cli;

/// <summary>The <c>mik</c> command tree (design section 11). Exit codes: 0 ok, 1 failure, 2 usage.</summary>
internal static class MikCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("mik: runs WebAssembly HTTP handlers with an audit trail in PostgreSQL");
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var result = Create().Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) await Console.Error.WriteLineAsync("mik: " + error.Message);
            await Console.Error.WriteLineAsync("Try 'mik --help'.");
            return ExitCodes.Usage;
        }
        // The host handles SIGTERM itself (drain, then stop the cluster); System.CommandLine's own handler would
        // kill the process two seconds after the signal.
        return await result.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
