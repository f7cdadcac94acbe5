using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Host.Model;
using Mik.Durable.Diagnostics.Host.Proc;

namespace Mik.Durable.Diagnostics.Host.Collectors;

/// <summary>
/// <c>service.json</c>: the mik serve of this config (by its state dir's lock), its process facts from <c>/proc</c>,
/// the LISTEN sockets on the configured ports and their owners, and systemd's view of <c>mik.service</c>.
/// </summary>
internal sealed class ServiceCollector(string procRoot = "/proc") : ICollector
{
    public string Name => HostFiles.Service;

    // Finding socket owners walks /proc/*/fd, which is longest on a machine with many processes.
    public TimeSpan Timeout => TimeSpan.FromSeconds(5);

    private static readonly TimeSpan OwnerSearchBudget = TimeSpan.FromSeconds(2);

    public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        var config = context.Config.Config;
        var server = MikServer.Find(config, procRoot);
        var facts = server.Pid is { } pid ? ProcProcess.Read(pid, procRoot) : null;
        var listeners = ListenerProbe.Describe(
            [(ListenerEvidence.Runtime, config.Server.Host, config.Server.Port), (ListenerEvidence.Admin, config.Admin.Host, config.Admin.Port)],
            ProcNetTcp.Read(procRoot), server.Pid,
            inodes => SocketOwners.Find(inodes, server.Pid, context.Time, OwnerSearchBudget, procRoot),
            owner => ProcProcess.Read(owner, procRoot)?.Name);
        var (systemd, systemdReason) = await SystemdProbe.ReadAsync(procRoot, context.Time, cancellationToken);
        var now = context.Time.GetUtcNow();
        output.AddJson(HostFiles.ServiceJson, new ServiceEvidence
        {
            Running = server.Running,
            Reason = server.Reason,
            LockFile = server.LockFile,
            ConfigPath = context.Config.SourcePath,
            Pid = server.Pid,
            CommandLine = facts?.CommandLine,
            StartedAt = facts?.StartedAt,
            UptimeSecs = facts?.StartedAt is { } started ? (long)Math.Max(0, (now - started).TotalSeconds) : null,
            Threads = facts?.Threads,
            RssBytes = facts?.RssBytes,
            OpenFiles = facts?.OpenFiles,
            Listeners = listeners,
            ApiKeyInEnvironment = context.ApiKey.Length > 0,
            Systemd = systemd,
            SystemdReason = systemdReason,
        });
    }
}
