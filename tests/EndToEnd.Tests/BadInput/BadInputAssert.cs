using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>Runs one row: its answer must match Expected and Error, and with HealthyAfter a normal request right after must succeed.</summary>
internal static class BadInputAssert
{
    /// <summary>Each area's server compiles its modules at start; generous, as the suite runs side by side on 2 cores.</summary>
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(180);

    public static async Task RunAsync<TServer>(
        IReadOnlyList<BadInputRow<TServer>> rows, string name, TServer server, MikProcess mik,
        Func<TServer, CancellationToken, Task<BadInputAnswer>> normal, CancellationToken ct)
    {
        var row = rows.Single(r => r.Case.Name == name);
        var answer = await row.Send(server, ct);
        var context = $"row {name}: {row.Case.Input}\nanswer: {answer}\nmik stderr: {mik.Stderr}";
        Assert.True(row.Case.Expected == answer.Expected, $"expected {row.Case.Expected}, got {answer.Expected}\n{context}");
        Assert.True(row.Case.Error == answer.ErrorCode, $"expected error '{row.Case.Error}', got '{answer.ErrorCode}'\n{context}");
        // No answer may leak a stack trace or a host path.
        Assert.DoesNotContain("   at ", answer.Body);
        Assert.DoesNotContain("/tmp/mik-e2e-", answer.Body);
        row.Check?.Invoke(answer);
        if (!row.Case.HealthyAfter) return;
        var after = await normal(server, ct);
        Assert.True(after.Status == 200, $"not healthy after row {name}: {after}\nmik stderr: {mik.Stderr}");
    }
}
