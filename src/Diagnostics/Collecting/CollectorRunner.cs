using System.Diagnostics;
using System.Text;

namespace Mik.Durable.Diagnostics.Collecting;

/// <summary>
/// Runs collectors side by side, each under its own timeout, and never lets one lose the others' evidence: a
/// collector that throws leaves <c>&lt;name&gt;.err.txt</c> and <c>failed</c>; one that overruns is abandoned
/// (its files are dropped) and recorded as <c>timeout</c>.
/// </summary>
public static class CollectorRunner
{
    public static async Task<Evidence> RunAsync(IEnumerable<ICollector> collectors, CollectContext context,
        IProgress<CollectorStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        var runs = collectors.Select(c => RunOneAsync(c, context, progress, cancellationToken)).ToList();
        var results = await Task.WhenAll(runs);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (_, output) in results)
            foreach (var (path, content) in output) files[path] = content;
        return new Evidence(files, [.. results.Select(r => r.Status)]);
    }

    private static async Task<(CollectorStatus Status, IReadOnlyDictionary<string, byte[]> Files)> RunOneAsync(
        ICollector collector, CollectContext context, IProgress<CollectorStatus>? progress, CancellationToken cancellationToken)
    {
        // Off the caller's thread at once, so a collector that blocks before its first await cannot hold up the rest.
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        var output = new CollectorOutput();
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => collector.CollectAsync(context, output, cut.Token), CancellationToken.None);
        var timeout = Task.Delay(collector.Timeout, context.Time, cancellationToken);
        CollectorStatus status;
        IReadOnlyDictionary<string, byte[]> files;
        if (await Task.WhenAny(work, timeout) != work)
        {
            await cut.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            var reason = $"did not finish within {collector.Timeout.TotalSeconds:0.#} s";
            files = ErrorFile(collector, reason);
            status = new CollectorStatus(collector.Name, CollectorStatus.TimedOut, reason, clock.Elapsed.TotalMilliseconds, [.. files.Keys]);
        }
        else
        {
            try
            {
                await work;
                files = new Dictionary<string, byte[]>(output.Files, StringComparer.Ordinal);
                status = new CollectorStatus(collector.Name, CollectorStatus.Ok, null, clock.Elapsed.TotalMilliseconds, [.. files.Keys.Order(StringComparer.Ordinal)]);
            }
            catch (CollectorSkippedException skipped)
            {
                files = new Dictionary<string, byte[]>();
                status = new CollectorStatus(collector.Name, CollectorStatus.Skipped, skipped.Message, clock.Elapsed.TotalMilliseconds, []);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                files = ErrorFile(collector, $"{e.GetType().Name}: {e.Message}");
                // A collector cut by a timeout of its own (an HttpClient's, before the runner's) hung just the same.
                var verdict = IsTimeout(e) ? CollectorStatus.TimedOut : CollectorStatus.Failed;
                status = new CollectorStatus(collector.Name, verdict, e.Message, clock.Elapsed.TotalMilliseconds, [.. files.Keys]);
            }
        }
        progress?.Report(status);
        return (status, files);
    }

    private static bool IsTimeout(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is TimeoutException) return true;
        return false;
    }

    private static Dictionary<string, byte[]> ErrorFile(ICollector collector, string text) =>
        new(StringComparer.Ordinal) { [collector.Name + ".err.txt"] = Encoding.UTF8.GetBytes(text + "\n") };
}
