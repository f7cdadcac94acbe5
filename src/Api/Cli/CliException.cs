namespace Mik.Durable.Api.Cli;

/// <summary>A command cannot go on: its message is the one line <c>mik: …</c> on stderr, with this exit code.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
