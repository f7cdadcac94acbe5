using System.Text.Json;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>What one <c>mik</c> client command printed and its exit code.</summary>
internal sealed record AdminCliResult(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<string> Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Each stdout line parsed as one JSON object (the test fails on a line that is not).</summary>
    public IReadOnlyList<JsonElement> JsonLines =>
        [.. Lines.Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return document.RootElement.Clone();
        })];

    /// <summary>Exit code, empty stdout and exactly one stderr line, which is returned.</summary>
    public string SingleErrorLine(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"exit {ExitCode}, expected {exitCode}; stderr: {Stderr}; stdout: {Stdout}");
        Assert.Equal("", Stdout);
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return lines[0];
    }

    public AdminCliResult Ok()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}; stderr: {Stderr}; stdout: {Stdout}");
        Assert.Equal("", Stderr);
        return this;
    }
}
