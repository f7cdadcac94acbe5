namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>One run of an outside program (a validator, a script): exit code, stdout alone, and stdout plus stderr.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Output);
