using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>One module's effective settings: <c>[modules.&lt;name&gt;]</c> over <c>[server]</c> (docs/wagi.md).</summary>
internal sealed record WagiModuleSettings
{
    private const long MiB = 1024 * 1024;

    /// <summary>Exported function to call. Default <c>_start</c>.</summary>
    public string Entrypoint { get; init; } = "_start";

    /// <summary>Extra environment; the request variables overwrite same-named entries.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Preopened folders. Any volume switches the module to Wasmtime's own WASI.</summary>
    public IReadOnlyList<GuestVolume> Volumes { get; init; } = [];

    /// <summary>Wall-clock budget of one run. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Linear memory cap of one instance. Default 128 MiB.</summary>
    public long MaxMemoryBytes { get; init; } = 128 * MiB;

    /// <summary>Bytes one run may write to files in its volumes (<c>max_volume_write_mb</c>). Default 64 MiB.</summary>
    public long MaxVolumeWriteBytes { get; init; } = 64 * MiB;

    /// <summary>Where a component may send HTTP requests; empty: nowhere (docs/components.md, Outgoing HTTP).</summary>
    public IReadOnlyList<OutboundHostPattern> AllowedOutboundHosts { get; init; } = [];

    public static WagiModuleSettings Resolve(ServerOptions server, ModuleOptions? module) => new()
    {
        Entrypoint = string.IsNullOrEmpty(module?.Entrypoint) ? "_start" : module.Entrypoint,
        Env = module?.Env ?? new Dictionary<string, string>(),
        Volumes = module?.Volumes.Select(v => new GuestVolume(v.Key, v.Value.Path, v.Value.Writable)).ToList() ?? [],
        Timeout = TimeSpan.FromSeconds(module?.TimeoutSecs ?? server.RequestTimeoutSecs),
        MaxMemoryBytes = (module?.MaxMemoryMb ?? server.MaxMemoryMb) * MiB,
        MaxVolumeWriteBytes = (module?.MaxVolumeWriteMb ?? server.MaxVolumeWriteMb) * MiB,
        // Entries were validated with the configuration; one that does not parse allows nothing.
        AllowedOutboundHosts = [.. (module?.AllowedOutboundHosts ?? []).Select(entry => OutboundHostPattern.Parse(entry, out _)).OfType<OutboundHostPattern>()],
    };
}
