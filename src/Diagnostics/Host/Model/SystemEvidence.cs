namespace Mik.Durable.Diagnostics.Host.Model;

/// <summary><c>system.json</c>: the machine's CPUs, load, memory and the free space of mik's folders.</summary>
internal sealed record SystemEvidence(int CpuCount, IReadOnlyList<double> Load, MemoryEvidence Memory, IReadOnlyList<DiskEvidence> Disks);

/// <summary>
/// From <c>/proc/meminfo</c>; <see cref="CgroupLimitBytes"/> is the container's <c>memory.max</c> when it has one
/// (the limit that really kills mik in a container), null when unlimited or not in a cgroup v2.
/// </summary>
internal sealed record MemoryEvidence(long TotalBytes, long AvailableBytes, long SwapTotalBytes, long SwapFreeBytes, long? CgroupLimitBytes = null);

/// <summary>
/// One of mik's folders (<c>state</c>, <c>modules</c>, <c>logs</c>) and its file system's size and free space.
/// <see cref="MeasuredAt"/> is the folder measured: the nearest existing parent when the folder itself is missing.
/// </summary>
internal sealed record DiskEvidence(string Role, string Path, string MeasuredAt, long TotalBytes, long FreeBytes);
