using System.Collections.Concurrent;
using System.Net;

namespace Mik.Durable.EndToEnd.Tests.Faults;

/// <summary>What one client loop saw: every answer's status in order, with the phase of the fault it came in.</summary>
internal sealed class ClientTally(Func<string> phase)
{
    private readonly ConcurrentQueue<(string Phase, HttpStatusCode Status, string Detail)> _answers = new();

    public void Add(HttpStatusCode status, string detail = "") => _answers.Enqueue((phase(), status, detail));

    public IReadOnlyList<(string Phase, HttpStatusCode Status, string Detail)> Answers => [.. _answers];

    public int Count(HttpStatusCode status) => _answers.Count(a => a.Status == status);

    public int CountIn(string phase) => _answers.Count(a => a.Phase == phase);
}
