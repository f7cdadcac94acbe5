using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using JasperFx.Events;
using Mik.Durable.Api.Tests.Cluster;
using Mik.Durable.Api.Admin.Modules;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Migrations;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Api.Tests.ModuleChanges;

/// <summary>
/// One instance's modules folder in store mode as <c>mik serve</c> wires it: registry, ledger, the queue of folder
/// changes and the service that commits them to a real PostgreSQL (directly or through <paramref name="connectionString"/>).
/// <see cref="Restart"/> is a new start over the same folders.
/// </summary>
internal sealed class FolderDrop : IAsyncDisposable
{
    private readonly WasmEngine _engine = new();
    private readonly DocumentStore _store;
    private FolderDeploymentService _service = null!;

    private FolderDrop(MikConfig config, DocumentStore store, RecordingLoggerFactory logs)
    {
        Config = config;
        _store = store;
        Logs = logs;
        Bytes = new ModuleBytesStore(new EventStoreConnection(TestDatabase.ConnectionString, IsEmbedded: false), config);
    }

    public MikConfig Config { get; }
    public RecordingLoggerFactory Logs { get; }
    public ModuleBytesStore Bytes { get; }
    public RecordingAuditTrail Audit { get; } = new();
    public ModuleRegistry Registry { get; private set; } = null!;
    public FolderDeployments Changes { get; private set; } = null!;

    /// <param name="connectionString">What the instance reaches PostgreSQL through; the schema is migrated directly.</param>
    public static async Task<FolderDrop> StartAsync(string? connectionString = null)
    {
        var root = Directory.CreateTempSubdirectory("mik-folderdrop-").FullName;
        var config = new MikConfig { Database = { Schema = TestDatabase.NewSchema() } };
        config.Server.Modules = Directory.CreateDirectory(Path.Combine(root, "modules")).FullName;
        config.Server.AotCache = false;
        config.State.Dir = Path.Combine(root, "state");
        await new MigrationRunner(TestDatabase.ConnectionString, config.Database.Schema).ApplyAsync(TestContext.Current.CancellationToken);
        var store = new DocumentStore(MikStoreOptions.Create(connectionString ?? TestDatabase.ConnectionString, config.Database.Schema));
        var drop = new FolderDrop(config, store, new RecordingLoggerFactory());
        await drop.StartInstanceAsync();
        return drop;
    }

    /// <summary>Copies test guest <paramref name="guest"/> into the folder as <paramref name="module"/>.wasm and scans.</summary>
    public void Put(string guest, string module, bool scan = true)
    {
        var path = Path.Combine(Config.Server.Modules, module + ".wasm");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "guests", guest + ".wasm"), path, overwrite: true);
        // A time of its own, so the scan sees a change even within the file system's time resolution.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(Random.Shared.Next(1, 1000)));
        if (scan) Registry.Scan(initial: true);
    }

    public void Delete(string module)
    {
        File.Delete(Path.Combine(Config.Server.Modules, module + ".wasm"));
        Registry.Scan();
    }

    /// <summary>Stops this instance and starts a new one over the same folders (its start-up scan included).</summary>
    public async Task RestartAsync()
    {
        await StopInstanceAsync();
        await StartInstanceAsync();
    }

    public async Task<IReadOnlyList<IEvent>> StreamAsync(string module)
    {
        await using var session = _store.QuerySession();
        return await session.Events.FetchStreamAsync(AuditStreams.Module(module), token: TestContext.Current.CancellationToken);
    }

    public IDocumentStore Store => _store;

    private async Task StartInstanceAsync()
    {
        var logger = Logs.CreateLogger("mik::runtime");
        Changes = new FolderDeployments(new PendingFolderChangesFile(PendingFolderChangesFile.PathIn(Config.State.Dir), logger), TimeProvider.System, logger);
        var ledger = new DeploymentLedger(DeploymentLedger.PathIn(Config.State.Dir), Audit, TimeProvider.System, logger, Changes);
        var stats = new CacheStatistics();
        var loader = new ModuleLoader(Config, _engine, new AotKey(Config.State.Dir, NullLogger.Instance), new WagiExecutor(_engine), stats,
            Audit, TimeProvider.System, NullLogger.Instance);
        Registry = new ModuleRegistry(Config.Server.Modules, 10, 64L << 20, loader, ledger, stats, Audit, TimeProvider.System, NullLogger.Instance);
        Registry.Scan(initial: true);
        var status = new EventStoreStatus();
        status.MarkSchemaReady();
        var log = new ModuleAuditLog(_store, TimeProvider.System, Bytes, Config);
        _service = new FolderDeploymentService(Changes, new FolderChangeCommitter(_store, log, Config), new ModuleChangeLock(), status,
            TimeProvider.System, Logs);
        await _service.StartAsync(TestContext.Current.CancellationToken);
    }

    private async Task StopInstanceAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
        Registry.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopInstanceAsync();
        await _store.DisposeAsync();
        _engine.Dispose();
        try
        {
            Directory.Delete(Path.GetDirectoryName(Config.Server.Modules)!, recursive: true);
        }
        catch (IOException)
        {
            // /tmp is cleaned anyway.
        }
    }
}
