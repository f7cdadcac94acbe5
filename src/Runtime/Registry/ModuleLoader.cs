using Microsoft.Extensions.Logging;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// Turns a module version into a runnable <see cref="LoadedModule"/>: AOT artifact or compile, then <c>_routes</c>.
/// Records <c>AotInvalidated</c> and <c>AotCompiled</c> in the audit trail (stream <c>cache:&lt;module&gt;</c>).
/// </summary>
internal sealed partial class ModuleLoader(
    MikConfig config, WasmEngine engine, AotKey aotKey, WagiExecutor executor, CacheStatistics stats, IAuditTrail audit, TimeProvider time,
    ILogger logger)
{
    private readonly AotCache _aot = new(engine.Engine,
        AotArtifact.Sha256(System.Text.Encoding.UTF8.GetBytes(WasmEngine.CompilationFingerprint)), config.Server.AotCache, aotKey);

    /// <summary>
    /// Loads <paramref name="version"/>; returns null and the reason when it cannot run, or null and no reason
    /// when the file no longer holds that version (a newer one is on its way). What is known at load to stop every
    /// request (it does not compile, its imports cannot be linked, it has neither its entrypoint nor working
    /// <c>_routes</c>) is such a reason; the caller logs it. A module that can serve some requests is returned, and a
    /// WARN says what will fail.
    /// </summary>
    public LoadedModule? Load(ModuleVersion version, out string? problem)
    {
        if (version.IsComponent) return LoadComponent(version, out problem);
        CompiledArtifact artifact;
        try
        {
            artifact = _aot.Load(version.Name, version.Path, () => ReadExpected(version), version.Sha256);
        }
        catch (ModuleChangedException)
        {
            problem = null;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{ModuleProblems.Unreadable}: {e.Message}";
            return null;
        }
        catch (WasmtimeException e)
        {
            problem = e.Message;
            return null;
        }

        if (artifact.Tier == CacheTier.Aot) stats.AotHit();
        else stats.Miss(artifact.CompileTime);
        RecordCacheEvents(version, artifact);

        var module = new WagiModule(engine, version.Name, artifact.Module,
            WagiModuleSettings.Resolve(config.Server, config.Modules.GetValueOrDefault(version.Name)));
        var loaded = new LoadedModule(module, executor.DiscoverRoutes(module), version.Sha256, artifact.ArtifactBytes, artifact.Tier);
        if (loaded.Unservable is { } unservable)
        {
            loaded.Dispose();
            problem = unservable;
            return null;
        }
        // Some requests can work (the sub-routes of _routes without the entrypoint, or the reverse): say once, at load.
        if (loaded.Problem is { } warning) InstantiateFailedLog.OnLoad(logger, version.Name, warning);
        problem = null;
        Loaded(logger, version.Name, version.Sha256, artifact.Tier.ToString().ToLowerInvariant(),
            Math.Round(artifact.CompileTime.TotalMilliseconds, 1), artifact.ArtifactBytes);
        return loaded;
    }

    /// <summary>
    /// Compiles an upload and writes it and its AOT artifact to temporary files in the modules folder (created if
    /// missing). Throws <see cref="WasmtimeException"/> when it does not compile and <see cref="IOException"/> when it
    /// cannot be written; nothing is left behind then.
    /// </summary>
    public StagedModule Stage(string name, byte[] wasm, string sha256)
    {
        Directory.CreateDirectory(config.Server.Modules);
        var wasmPath = Path.Combine(config.Server.Modules, name + ".wasm");
        if (HttpComponent.IsComponent(wasm)) return StageComponent(name, wasmPath, wasm, sha256);
        var (artifact, aotTemporary) = _aot.Stage(name, wasmPath, wasm, sha256);
        return Staged(name, wasmPath, wasm, sha256, artifact, aotTemporary, artifact.Module.Dispose, () =>
        {
            var module = new WagiModule(engine, name, artifact.Module,
                WagiModuleSettings.Resolve(config.Server, config.Modules.GetValueOrDefault(name)));
            return new LoadedModule(module, executor.DiscoverRoutes(module), sha256, artifact.ArtifactBytes, CacheTier.Compiled);
        });
    }

    // The upload beside its artifact, both in temporary files; on failure nothing is left behind.
    private static StagedModule Staged(string name, string wasmPath, byte[] wasm, string sha256, CompileOutcome artifact,
        string? aotTemporary, Action discard, Func<LoadedModule> load)
    {
        string? wasmTemporary = null;
        try
        {
            wasmTemporary = AotArtifact.TemporaryPath(wasmPath);
            using (var file = new FileStream(wasmTemporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(wasm);
                file.Flush(flushToDisk: true);
            }
            return new StagedModule(name, wasmPath, sha256, wasm.LongLength, load(), artifact, wasmTemporary, aotTemporary);
        }
        catch
        {
            if (wasmTemporary is not null) File.Delete(wasmTemporary);
            if (aotTemporary is not null) File.Delete(aotTemporary);
            discard();
            throw;
        }
    }

    /// <summary>An upload is now served: its compilation goes to the log and the audit trail like any other.</summary>
    public void Installed(StagedModule staged, ModuleVersion version)
    {
        // A compilation, but no cache miss: no request asked for the module.
        CacheMetrics.CompileSeconds.Observe(staged.Artifact.CompileTime.TotalSeconds);
        RecordCacheEvents(version, staged.Artifact);
        Loaded(logger, version.Name, version.Sha256, CacheTier.Compiled.ToString().ToLowerInvariant(),
            Math.Round(staged.Artifact.CompileTime.TotalMilliseconds, 1), staged.Artifact.ArtifactBytes);
    }

    private void RecordCacheEvents(ModuleVersion version, CompileOutcome artifact)
    {
        var now = time.GetUtcNow();
        if (artifact.Invalidated is { } invalid)
        {
            var reason = invalid.ToEventName();
            CacheMetrics.Invalidated.WithLabels(reason).Inc();
            AotInvalidated(logger, version.Name, reason, artifact.InvalidDetail ?? "");
            audit.Record(new AotInvalidated(version.Name, now, reason));
        }
        if (artifact.WriteError is not null) AotWriteFailed(logger, version.Name, artifact.WriteError);
        if (artifact.ArtifactWritten)
        {
            audit.Record(new AotCompiled(version.Name, now, version.Sha256,
                (long)Math.Round(artifact.CompileTime.TotalMilliseconds), artifact.ArtifactBytes));
        }
    }

    // The file may have been replaced since the registry saw it; compiling other bytes under this version's
    // hash would poison the AOT cache.
    private static byte[] ReadExpected(ModuleVersion version)
    {
        var file = ModuleFile.Read(version.Name, version.Path);
        if (file.Sha256 != version.Sha256) throw new ModuleChangedException(version.Name);
        return file.Bytes;
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "module_loaded")]
    private static partial void Loaded(ILogger logger, string module, string sha256, string tier, double compileMs, long artifactBytes);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "aot_invalidated")]
    private static partial void AotInvalidated(ILogger logger, string module, string reason, string detail);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "aot_write_failed")]
    private static partial void AotWriteFailed(ILogger logger, string module, string error);
}
