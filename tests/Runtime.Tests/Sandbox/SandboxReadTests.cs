using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Runtime.Tests.Support;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Sandbox;

/// <summary>
/// A guest reads inside its volume and nowhere else: not through <c>..</c>, absolute paths, symlinks that lead out
/// (to a file or a folder, relative or absolute), symlink loops, or file descriptors it guesses (docs/reliability.md,
/// Sandbox). Real Wasmtime WASI with the volume preopened, as mik serves a module with volumes.
/// </summary>
public sealed class SandboxReadTests(EngineFixture fixture) : IDisposable
{
    private readonly SandboxFolders _folders = new();

    public void Dispose() => _folders.Dispose();

    private string Probe(string query)
    {
        var settings = new WagiModuleSettings { Volumes = [new GuestVolume("/data", _folders.Volume, Writable: false)] };
        using var module = EscapeGuest.Load(fixture.Engine, settings);
        return EscapeGuest.Probe(fixture.Engine, module, query);
    }

    [Theory]
    [InlineData("p=read&path=/data/hello.txt")]
    [InlineData("p=read&path=/data/sub/../hello.txt")]
    [InlineData("p=read&path=/data/link-in")]
    [InlineData("p=rawread&path=hello.txt")]
    public void Files_inside_the_volume_are_readable_however_they_are_named(string query)
    {
        Assert.Equal("read=ok hello from the volume", Probe(query).Replace("rawread=", "read="));
    }

    [Theory]
    [InlineData("p=read&path=/data/../outside/secret.txt")]
    [InlineData("p=read&path=/data/sub/../../outside/secret.txt")]
    [InlineData("p=read&path=/data/link-file")]
    [InlineData("p=read&path=/data/link-abs")]
    [InlineData("p=read&path=/data/link-passwd")]
    [InlineData("p=read&path=/data/link-dir/secret.txt")]
    [InlineData("p=read&path=/data/link-root/etc/passwd")]
    [InlineData("p=read&path=/data/sub/up/../outside/secret.txt")]
    [InlineData("p=read&path=/data/loop-a")]
    [InlineData("p=read&path=/etc/passwd")]
    [InlineData("p=read&path=/proc/self/environ")]
    [InlineData("p=rawread&path=../outside/secret.txt")]
    [InlineData("p=rawread&path=/etc/passwd")]
    [InlineData("p=rawread&path=link-file")]
    [InlineData("p=rawread&path=link-dir/secret.txt")]
    [InlineData("p=rawread&path=sub/up/../outside/secret.txt")]
    [InlineData("p=rawread&path=loop-a")]
    [InlineData("p=rawread&path=etc/passwd&fd=0")]
    [InlineData("p=rawread&path=etc/passwd&fd=4")]
    [InlineData("p=rawread&path=etc/passwd&fd=1023")]
    public void Nothing_outside_the_volume_can_be_read(string query)
    {
        var answer = Probe(query);

        Assert.Matches(@"^(raw)?read=failed errno=\d+$", answer);
        Assert.DoesNotContain(SandboxFolders.Secret, answer);
    }

    [Fact]
    public void The_host_path_of_a_file_beside_the_volume_is_no_path_for_the_guest()
    {
        Assert.Matches(@"^read=failed errno=\d+$", Probe($"p=read&path={_folders.SecretFile}"));
        Assert.Matches(@"^rawread=failed errno=\d+$", Probe($"p=rawread&path={_folders.SecretFile}"));
    }

    [Fact]
    public void Symlinks_that_lead_out_are_not_listed_into()
    {
        Assert.Matches(@"^list=failed errno=\d+$", Probe("p=list&path=/data/link-dir"));
        Assert.Matches(@"^list=failed errno=\d+$", Probe("p=list&path=/data/link-root"));
        Assert.Matches(@"^list=failed errno=\d+$", Probe("p=list&path=/data/.."));
        Assert.Matches(@"^list=failed errno=\d+$", Probe("p=list&path=/"));
    }

    [Fact]
    public void The_guest_holds_stdio_and_its_volume_and_no_other_file_descriptor()
    {
        Assert.Equal("fds=ok 0 1 2 3=/data", Probe("p=fds"));
    }

    [Fact]
    public void Without_volumes_the_guest_holds_stdio_only()
    {
        using var module = EscapeGuest.Load(fixture.Engine);

        Assert.Equal("fds=ok 0 1 2", EscapeGuest.Probe(fixture.Engine, module, "p=fds"));
        // wasi-libc finds no preopen for any path: nothing is even asked of the host.
        Assert.Matches(@"^read=failed errno=\d+$", EscapeGuest.Probe(fixture.Engine, module, "p=read&path=/etc/passwd"));
    }
}
