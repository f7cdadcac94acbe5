using System.Runtime.InteropServices;
using System.Text.Json;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik audit --follow</c>: after the first page (printed oldest first, as a log reads), asks <c>/audit</c> every
/// second for events from a little before the newest one seen and prints those not seen yet, until SIGINT/SIGTERM
/// (exit 0). The overlap catches events recorded through the audit queue a moment after their time; the store's
/// sequence keeps out the older events the first page left out (<c>--limit</c>), which are no news.
/// </summary>
internal sealed class AuditFollower(AdminClient client, CliOutput output, string filters)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);
    private const int PageSize = 1000;

    private readonly Dictionary<string, DateTimeOffset> _seen = [];
    private DateTimeOffset? _newest;
    private long _startSequence = long.MinValue;

    public async Task<int> RunAsync(List<JsonElement> first, string? since, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // System.CommandLine leaves signals to the commands (serve drains on them); here they mean "stop following".
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            first.Reverse();
            await PrintNewAsync(first);
            if (first.Count > 0) _startSequence = first.Max(Sequence);
            while (true)
            {
                await Task.Delay(Interval, TimeProvider.System, stop.Token);
                var from = _newest is { } newest ? (newest - Overlap).ToString("O") : since;
                await PrintNewAsync(await ReadFromAsync(from, stop.Token));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    // Newest first from the server, page by page until a page reaches what was seen; returned oldest first.
    private async Task<List<JsonElement>> ReadFromAsync(string? from, CancellationToken cancellationToken)
    {
        var events = new List<JsonElement>();
        string? after = null;
        do
        {
            var query = AuditCommand.Query(("since", from), ("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("after", after));
            var page = await client.GetAsync("audit?" + query + filters, null, cancellationToken);
            var batch = page.GetProperty("events").EnumerateArray().ToList();
            events.AddRange(batch);
            if (batch.Any(e => _seen.ContainsKey(AuditCommand.Id(e)))) break;
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (after is not null);
        events.Reverse();
        return events;
    }

    private static long Sequence(JsonElement entry) => entry.GetProperty("sequence").GetInt64();

    private async Task PrintNewAsync(List<JsonElement> events)
    {
        foreach (var entry in events)
        {
            if (Sequence(entry) <= _startSequence || !_seen.TryAdd(AuditCommand.Id(entry), AuditCommand.Timestamp(entry))) continue;
            await output.StreamRowAsync(entry, AuditColumns.All);
            if (_newest is null || AuditCommand.Timestamp(entry) > _newest) _newest = AuditCommand.Timestamp(entry);
        }
        // Ids older than the overlap can no longer come back: forget them.
        if (_newest is { } newest)
            foreach (var old in _seen.Where(s => s.Value < newest - Overlap - Overlap).Select(s => s.Key).ToList()) _seen.Remove(old);
    }
}
