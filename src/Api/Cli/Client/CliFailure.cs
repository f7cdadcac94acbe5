namespace Mik.Durable.Api.Cli.Client;

/// <summary>A failure the operator can act on: <see cref="Exception.Message"/> is the one line shown after <c>mik: </c>.</summary>
internal sealed class CliFailure(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
