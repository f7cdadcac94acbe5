using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Host.Model;
using Mik.Durable.Diagnostics.Host.Proc;

namespace Mik.Durable.Diagnostics.Host.Collectors;

/// <summary><c>system.json</c>: CPUs, load, memory (and a container's limit), free disk of the state, modules and log folders.</summary>
internal sealed class SystemCollector(string procRoot = "/proc", string cgroupRoot = "/sys/fs/cgroup") : ICollector
{
    public string Name => HostFiles.System;

    public TimeSpan Timeout => TimeSpan.FromSeconds(5);

    public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        var config = context.Config.Config;
        var meminfo = await File.ReadAllTextAsync(Path.Combine(procRoot, "meminfo"), cancellationToken);
        var cgroupMax = Path.Combine(cgroupRoot, "memory.max");
        var memory = ProcMemory.Parse(meminfo, File.Exists(cgroupMax) ? await File.ReadAllTextAsync(cgroupMax, cancellationToken) : null);
        var load = ProcMemory.Load(await File.ReadAllTextAsync(Path.Combine(procRoot, "loadavg"), cancellationToken));
        var folders = new List<(string Role, string Path)> { ("state", config.State.Dir), ("modules", config.Server.Modules) };
        if (config.Logging.File.Length > 0) folders.Add(("logs", Path.GetDirectoryName(config.Logging.File) ?? "/"));
        output.AddJson(HostFiles.SystemJson, new SystemEvidence(Environment.ProcessorCount, load, memory, [.. folders.Select(f => Disk(f.Role, f.Path))]));
    }

    /// <summary>The file system holding <paramref name="path"/>, or its nearest existing parent (a state dir not made yet).</summary>
    private static DiskEvidence Disk(string role, string path)
    {
        var measured = path;
        while (!Directory.Exists(measured) && Path.GetDirectoryName(measured) is { } parent) measured = parent;
        // On Linux a DriveInfo of any folder is a statvfs of that folder.
        var drive = new DriveInfo(measured);
        return new DiskEvidence(role, path, measured, drive.TotalSize, drive.AvailableFreeSpace);
    }
}
