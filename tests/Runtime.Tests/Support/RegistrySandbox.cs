using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Tests.Support;

/// <summary>A modules folder and a state folder of their own, and registries over them as <c>mik serve</c> builds them.</summary>
internal sealed class RegistrySandbox : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mik-registry-").FullName;

    public RegistrySandbox()
    {
        Directory.CreateDirectory(ModulesDir);
    }

    public string ModulesDir => Path.Combine(_root, "modules");
    public string StateDir => Path.Combine(_root, "state");
    public WasmEngine Engine { get; } = new();
    public CacheStatistics Stats { get; } = new();
    public RecordingAuditTrail Audit { get; } = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The AOT key of this state folder, as every start of mik over it reads it.</summary>
    public AotKey AotKey => new(StateDir, NullLogger.Instance);

    /// <summary>A new registry (a new start of mik) over the same folders.</summary>
    public ModuleRegistry Create(int entries = 10, bool aot = true, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var config = new MikConfig();
        config.Server.Modules = ModulesDir;
        config.Server.AotCache = aot;
        config.State.Dir = StateDir;
        var loader = new ModuleLoader(config, Engine, AotKey, new WagiExecutor(Engine), Stats, Audit, Time, logger);
        var ledger = new DeploymentLedger(DeploymentLedger.PathIn(StateDir), Audit, Time, NullLogger.Instance);
        return new ModuleRegistry(ModulesDir, entries, 256L << 20, loader, ledger, Stats, Audit, Time, logger);
    }

    public string Put(string guest, string name) => CopyGuest(guest, Path.Combine(ModulesDir, name + ".wasm"));

    public static byte[] GuestBytes(string guest) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", guest + ".wasm"));

    /// <summary>Copies with a modification time of its own, so a scan sees the file as changed.</summary>
    public static string CopyGuest(string guest, string path)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "guests", guest + ".wasm"), path, overwrite: true);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(Random.Shared.Next(1, 1000)));
        return path;
    }

    public void Dispose()
    {
        Engine.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
