namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[server]</c>: the runtime listener and the limits of handler execution.</summary>
public sealed class ServerOptions
{
    /// <summary>Bind address of the runtime listener. Default <c>0.0.0.0</c>; env <c>HOST</c>.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>Port of the runtime listener. Default 3000; env <c>PORT</c>.</summary>
    public int Port { get; set; } = 3000;

    /// <summary>Folder holding <c>&lt;module&gt;.wasm</c> files. Default <c>/var/lib/mik/modules</c>.</summary>
    public string Modules { get; set; } = "/var/lib/mik/modules";

    /// <summary>Compiled modules kept in memory. Default 100.</summary>
    public int CacheSize { get; set; } = 100;

    /// <summary>Megabytes of compiled code kept in memory. Default 256.</summary>
    public int MaxCacheMb { get; set; } = 256;

    /// <summary>Requests executing at once across all modules. Default 64.</summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>Requests executing at once per module; 0 means no per-module limit. Default 0.</summary>
    public int MaxPerModuleRequests { get; set; }

    /// <summary>Wall-clock budget of one handler run. Default 30 s.</summary>
    public int RequestTimeoutSecs { get; set; } = 30;

    /// <summary>Linear memory cap of one handler instance. Default 128 MiB.</summary>
    public int MaxMemoryMb { get; set; } = 128;

    /// <summary>
    /// Bytes one handler run may write to files in its volumes; a write past it fails with ENOSPC. Default 64 MiB
    /// (docs/runtime.md, Limits).
    /// </summary>
    public int MaxVolumeWriteMb { get; set; } = 64;

    /// <summary>Largest accepted request body. Default 10 MiB.</summary>
    public int MaxBodyMb { get; set; } = 10;

    /// <summary>Keep <c>&lt;module&gt;.wasm.aot</c> beside each module. Default true.</summary>
    public bool AotCache { get; set; } = true;

    /// <summary>
    /// Seconds to keep serving (with <c>/health</c> answering 503 draining) after SIGTERM before the listeners
    /// close, so a load balancer can take the instance out. Default 0: close as soon as in-flight requests end.
    /// </summary>
    public int DrainDelaySecs { get; set; }

    /// <summary>Longest wait for in-flight requests to finish at shutdown. Default 30 s.</summary>
    public int ShutdownTimeoutSecs { get; set; } = 30;
}
