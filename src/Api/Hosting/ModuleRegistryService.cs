using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Hosting;

/// <summary>
/// Loads every module before the listeners open (from the AOT cache, compiling only what must be), so no
/// request pays for compilation it need not; then watches the folder for deployments and removals.
/// </summary>
internal sealed partial class ModuleRegistryService(ModuleRegistry registry, MikConfig config, TimeProvider time, ILoggerFactory loggers)
    : IHostedService, IDisposable
{
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.Runtime);
    private ModuleWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(config.Server.Modules)) FolderMissing(_log, config.Server.Modules);
        // Before the scan: what a killed mik was writing beside a module or artifact (docs/runtime.md).
        if (TemporaryFiles.Sweep(config.Server.Modules) is { Count: > 0 } leftovers) LeftoversRemoved(_log, leftovers.Count, config.Server.Modules);
        registry.Scan(initial: true);
        ModulesReady(_log, registry.Versions.Count, registry.Versions.Values.Count(v => v.Problem is not null), config.Server.Modules);
        _watcher = new ModuleWatcher(registry, config.Server.Modules, time, e => ScanFailed(_log, e.Message));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _watcher?.Dispose();

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "modules_ready")]
    private static partial void ModulesReady(ILogger logger, int modules, int failing, string modulesDir);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "modules folder {modulesDir} does not exist; watching for it")]
    private static partial void FolderMissing(ILogger logger, string modulesDir);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "temporary_files_removed")]
    private static partial void LeftoversRemoved(ILogger logger, int files, string modulesDir);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "module_scan_failed")]
    private static partial void ScanFailed(ILogger logger, string error);
}
