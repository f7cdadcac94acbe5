using System.Text;
using System.Text.Json;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Host.Model;

namespace Mik.Durable.Diagnostics.Tests.Host;

/// <summary>Hand-made host evidence: the files a check reads, written in the collectors' own formats.</summary>
internal sealed class HostEvidenceBuilder
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly List<CollectorStatus> _collectors = [];

    public static ListenerEvidence Listener(string listener, string host, int port, bool listening = true, string? bound = null,
        int? owner = 4242, string? ownerName = "mik", bool ownedByMik = true) => new()
    {
        Listener = listener,
        Configured = $"{host}:{port}",
        Host = host,
        Port = port,
        Listening = listening,
        BoundAddress = listening ? bound ?? host : null,
        OwnerPid = listening ? owner : null,
        OwnerName = listening ? ownerName : null,
        OwnedByMik = listening && ownedByMik,
    };

    public static ServiceEvidence Running(params ListenerEvidence[] listeners) => new()
    {
        Running = true,
        Reason = "pid 4242 holds the lock on /var/lib/mik/mik.lock",
        LockFile = "/var/lib/mik/mik.lock",
        Pid = 4242,
        CommandLine = "/usr/bin/mik serve --config /etc/mik/mik.toml",
        UptimeSecs = 600,
        RssBytes = 100L << 20,
        Listeners = listeners.Length > 0 ? listeners
            : [Listener("runtime", "0.0.0.0", 3000), Listener("admin", "127.0.0.1", 9919)],
    };

    public static ServiceEvidence Stopped(params ListenerEvidence[] listeners) => new()
    {
        Running = false,
        Reason = "no process holds the lock on /var/lib/mik/mik.lock: no mik serve runs with this config",
        LockFile = "/var/lib/mik/mik.lock",
        ConfigPath = "/etc/mik/mik.toml",
        Listeners = listeners.Length > 0 ? listeners
            : [Listener("runtime", "0.0.0.0", 3000, listening: false), Listener("admin", "127.0.0.1", 9919, listening: false)],
    };

    public HostEvidenceBuilder Json<T>(string path, T value)
    {
        _files[path] = JsonSerializer.SerializeToUtf8Bytes(value, EvidenceJson.Options);
        return this;
    }

    public HostEvidenceBuilder Text(string path, string text)
    {
        _files[path] = Encoding.UTF8.GetBytes(text);
        return this;
    }

    public HostEvidenceBuilder Service(ServiceEvidence service) => Json("service.json", service);

    public HostEvidenceBuilder Metrics(string start, string? end = null) => Text("metrics/start.prom", start).Text("metrics/end.prom", end ?? start);

    public HostEvidenceBuilder Collector(string name, string status, string? reason)
    {
        _collectors.Add(new CollectorStatus(name, status, reason, 1, []));
        return this;
    }

    public Mik.Durable.Diagnostics.Evidence Build() => new(_files, _collectors);
}
