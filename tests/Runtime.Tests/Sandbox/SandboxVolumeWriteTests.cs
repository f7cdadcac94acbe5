using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Runtime.Tests.Support;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Sandbox;

/// <summary>
/// A read-only volume refuses every change (create, truncate, append, rename, unlink, mkdir, rmdir, symlink, times),
/// a writable one takes at most <c>max_volume_write_mb</c> per run, and no file can pass for stdout
/// (docs/reliability.md, Sandbox).
/// </summary>
public sealed class SandboxVolumeWriteTests(EngineFixture fixture) : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly SandboxFolders _folders = new();

    public void Dispose() => _folders.Dispose();

    private string Probe(string query, bool writable, long? writeBytes = null)
    {
        var settings = new WagiModuleSettings { Volumes = [new GuestVolume("/data", _folders.Volume, writable)] };
        if (writeBytes is { } bytes) settings = settings with { MaxVolumeWriteBytes = bytes };
        using var module = EscapeGuest.Load(fixture.Engine, settings);
        return EscapeGuest.Probe(fixture.Engine, module, query);
    }

    /// <summary>Every entry under the root with its link target, size and times, not following symlinks.</summary>
    private string Snapshot() => string.Join('\n', Entries(new DirectoryInfo(_folders.Root)));

    private static IEnumerable<string> Entries(DirectoryInfo folder)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            yield return $"{entry.FullName} {entry.LinkTarget} {(entry as FileInfo)?.Length} {entry.LastWriteTimeUtc.Ticks}";
            if (entry is DirectoryInfo { LinkTarget: null } sub)
            {
                foreach (var inner in Entries(sub)) yield return inner;
            }
        }
    }

    [Theory]
    [InlineData("p=create&path=/data/new.txt")]
    [InlineData("p=trunc&path=/data/hello.txt")]
    [InlineData("p=append&path=/data/hello.txt")]
    [InlineData("p=rename&path=/data/hello.txt&to=/data/moved.txt")]
    [InlineData("p=unlink&path=/data/hello.txt")]
    [InlineData("p=mkdir&path=/data/newdir")]
    [InlineData("p=rmdir&path=/data/sub")]
    [InlineData("p=unlink&path=/data/link-file")]
    [InlineData("p=symlink&path=/data/new-link&target=/etc")]
    [InlineData("p=settimes&path=/data/hello.txt")]
    [InlineData("p=fill&path=/data/hello.txt&kb=64")]
    [InlineData("p=renumber&path=/data/hello.txt")]
    public void A_read_only_volume_refuses_every_change_and_the_host_folder_stays_as_it_was(string query)
    {
        Directory.Delete(Path.Combine(_folders.Volume, "sub"), recursive: true);
        Directory.CreateDirectory(Path.Combine(_folders.Volume, "sub"));
        var before = Snapshot();

        Assert.Matches(@"^\w+=failed errno=\d+$", Probe(query, writable: false));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_writable_volume_takes_at_most_max_volume_write_mb_per_run_and_then_answers_ENOSPC()
    {
        var file = Path.Combine(_folders.Volume, "big.bin");

        // 64 KiB writes: sixteen fit in 1 MiB, the seventeenth is refused whole with ENOSPC (51).
        Assert.Equal("fill=failed bytes=1048576 errno=51", Probe("p=fill&path=/data/big.bin&kb=4096", writable: true, MiB));
        Assert.Equal(MiB, new FileInfo(file).Length);
        // The budget is per run: the next request has its own.
        Assert.Equal("fill=ok bytes=524288", Probe("p=fill&path=/data/big.bin&kb=512", writable: true, MiB));
        // The default, 64 MiB, lets a handler write what handlers usually write.
        Assert.Equal("fill=ok bytes=8388608", Probe("p=fill&path=/data/big.bin&kb=8192", writable: true));
    }

    [Fact]
    public void No_file_can_be_made_stdout_and_stdout_is_not_counted_as_a_volume_write()
    {
        Assert.Equal("renumber=failed errno=8", Probe("p=renumber&path=/data/out.txt", writable: true, writeBytes: 0));
        Assert.Equal(0, new FileInfo(Path.Combine(_folders.Volume, "out.txt")).Length);
    }

    [Fact]
    public void A_symlink_a_guest_makes_in_a_writable_volume_leads_nowhere_outside()
    {
        // Creating the link may or may not be allowed; following it out never is.
        Probe($"p=symlink&path=/data/out&target={_folders.Outside}", writable: true);
        Probe("p=symlink&path=/data/up&target=../outside", writable: true);

        Assert.Matches(@"^read=failed errno=\d+$", Probe("p=read&path=/data/out/secret.txt", writable: true));
        Assert.Matches(@"^read=failed errno=\d+$", Probe("p=read&path=/data/up/secret.txt", writable: true));
        Assert.Matches(@"^rename=failed errno=\d+$", Probe("p=rename&path=/data/hello.txt&to=/data/../stolen.txt", writable: true));
        Assert.False(File.Exists(Path.Combine(_folders.Root, "stolen.txt")));
        Assert.Equal(SandboxFolders.Secret + "\n", File.ReadAllText(_folders.SecretFile));
    }
}
