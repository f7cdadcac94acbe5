using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>A small tmpfs mounted over a folder (as root), unmounted on dispose: a disk that fills, or one that is read-only.</summary>
internal sealed class TmpfsMount : IDisposable
{
    private readonly string _path;

    private TmpfsMount(string path) => _path = path;

    public static async Task<TmpfsMount> MountAsync(string path, string options)
    {
        Directory.CreateDirectory(path);
        var mount = await MikCli.RunProgramAsync("mount", "/", "-t", "tmpfs", "-o", options, "tmpfs", path);
        Assert.True(mount.ExitCode == 0, $"mount -t tmpfs -o {options} failed (the filesystem rows need root and mount): {mount.Stderr}");
        return new TmpfsMount(path);
    }

    public void Dispose()
    {
        // Lazy: a process that still has a file open there does not keep the mount (or the test) stuck.
        using var umount = System.Diagnostics.Process.Start("umount", ["-l", _path]);
        umount.WaitForExit();
    }
}
