using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.EventStore;

namespace Mik.Durable.Api.Tests.AuditRecording;

/// <summary>The queue, spool, store and writer of one mik process, wired by hand around a given Marten store.</summary>
internal sealed class AuditPipeline : IAsyncDisposable
{
    private AuditPipeline(IDocumentStore store, AuditOptions options)
    {
        Options = options;
        Queue = new AuditQueue(options, TimeProvider.System, NullLoggerFactory.Instance);
        Spool = new AuditSpool(options.SpoolDir, options.SpoolMaxBytes);
        var status = new EventStoreStatus();
        status.MarkSchemaReady();
        Writer = new AuditWriter(Queue, Spool, new AuditStore(store), status, options, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public AuditOptions Options { get; }
    public AuditQueue Queue { get; }
    public AuditSpool Spool { get; }
    public AuditWriter Writer { get; }

    public static async Task<AuditPipeline> StartAsync(
        IDocumentStore store, string spoolDir, long spoolMaxBytes = 64 * 1024 * 1024, TimeSpan? retryInterval = null)
    {
        var pipeline = Create(store, spoolDir, spoolMaxBytes, retryInterval);
        await pipeline.Writer.StartAsync(TestContext.Current.CancellationToken);
        return pipeline;
    }

    /// <summary>The pipeline with its writer not started yet.</summary>
    public static AuditPipeline Create(
        IDocumentStore store, string spoolDir, long spoolMaxBytes = 64 * 1024 * 1024, TimeSpan? retryInterval = null) =>
        new(store, new AuditOptions
        {
            SpoolDir = spoolDir,
            SpoolMaxBytes = spoolMaxBytes,
            RetryInterval = retryInterval ?? TimeSpan.FromMilliseconds(100),
        });

    /// <summary>Waits until <paramref name="condition"/> holds, for at most 30 s.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        Writer.Dispose();
        Spool.Dispose();
    }
}
