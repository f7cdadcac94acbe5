namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>How one run of a <c>mik</c> command ended: its exit code and everything it wrote.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The one-line error convention: every stderr line starts with <c>mik: </c> and none is a stack frame.</summary>
    public void AssertOneLineError(int exitCode)
    {
        Assert.Equal(exitCode, ExitCode);
        Assert.Single(StderrLines, l => l.StartsWith("mik: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Stderr, StringComparison.Ordinal);
    }
}
