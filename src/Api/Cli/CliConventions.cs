using System.CommandLine;
using Spectre.Console;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// What every command does the same way (docs/operations.md, "The command line"): errors are one line on stderr
/// starting with <c>mik: </c>, with the exception only under <c>--verbose</c>; JSON when <c>--json</c> is given or stdout
/// is not a terminal (<c>--json false</c> forces text); colour and tables (Spectre.Console) only on a terminal.
/// </summary>
internal static class CliConventions
{
    public static Option<bool> JsonOption() =>
        new("--json") { Description = "JSON output (the default when stdout is not a terminal; --json false for text)" };

    public static Option<bool> VerboseOption() =>
        new("--verbose") { Description = "On an error, also print the exception behind it" };

    /// <summary>Whether stdout is a terminal someone reads (a redirected console or a test's writer is not).</summary>
    public static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>
    /// Spectre.Console on the terminal, for colour and tables. It does not wrap lines itself: one line per item stays
    /// one line for copy and paste (the terminal wraps what is too long).
    /// </summary>
    public static IAnsiConsole Terminal => field ??= CreateTerminal();

    private static IAnsiConsole CreateTerminal()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings());
        console.Profile.Width = 4096;
        return console;
    }

    /// <summary>An explicit <c>--json</c>/<c>--json false</c> wins; otherwise JSON whenever stdout is not a terminal.</summary>
    public static bool WantsJson(ParseResult result, Option<bool> json) =>
        result.GetResult(json) is { Implicit: false } ? result.GetValue(json) : !IsTerminal(result.InvocationConfiguration.Output);

    /// <summary>
    /// Runs a command's work: a <see cref="CliException"/> becomes its one line and exit code, any other exception one
    /// line and exit 1 (System.CommandLine would print a stack trace); <paramref name="verbose"/> adds the exception.
    /// </summary>
    public static int Guard(TextWriter error, bool verbose, Func<int> work)
    {
        try
        {
            return work();
        }
        catch (CliException e)
        {
            return Fail(error, e.Message, e.ExitCode, e.InnerException ?? e, verbose);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Fail(error, $"{e.GetType().Name}: {e.Message}", ExitCodes.Failure, e, verbose);
        }
    }

    /// <summary>Writes <c>mik: message</c> (and, verbose, the exception) to stderr and returns <paramref name="exitCode"/>.</summary>
    public static int Fail(TextWriter error, string message, int exitCode = ExitCodes.Failure, Exception? exception = null, bool verbose = false)
    {
        error.WriteLine("mik: " + OneLine(message));
        if (verbose && exception is not null) error.WriteLine(exception.ToString());
        return exitCode;
    }

    /// <summary>A message as one line: a multi-line Wasmtime error must not break "one line per error".</summary>
    public static string OneLine(string message) =>
        string.Join(": ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line != "Caused by:"));
}
