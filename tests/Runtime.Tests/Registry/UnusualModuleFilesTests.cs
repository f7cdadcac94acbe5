using System.Diagnostics;
using System.Net.Sockets;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Tests.Support;

namespace Mik.Durable.Runtime.Tests.Registry;

/// <summary>
/// Names in the modules folder that are not regular files: a FIFO (opening it would block until a writer comes), a
/// socket, a device, a directory, a dangling symlink. None may stop the registry; each is a module that cannot run.
/// </summary>
public sealed class UnusualModuleFilesTests : IDisposable
{
    // Generous: a scan takes milliseconds; on the starting commit it never ends.
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);
    private readonly RegistrySandbox _sandbox = new();
    private readonly RecordingLogger _log = new();
    private readonly List<Socket> _sockets = [];

    private string InFolder(string file) => Path.Combine(_sandbox.ModulesDir, file);

    [Fact]
    public async Task Files_that_are_not_regular_are_reported_once_each_and_never_block_a_scan()
    {
        _sandbox.Put("hello", "hello");
        var elsewhere = RegistrySandbox.CopyGuest("hello", Path.Combine(Path.GetDirectoryName(_sandbox.ModulesDir)!, "guest.wasm"));
        File.CreateSymbolicLink(InFolder("alias.wasm"), elsewhere);
        MakeFifo(InFolder("fifo.wasm"));
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _sockets.Add(socket);
        socket.Bind(new UnixDomainSocketEndPoint(InFolder("sock.wasm")));
        Directory.CreateDirectory(InFolder("dir.wasm"));
        File.CreateSymbolicLink(InFolder("dangling.wasm"), InFolder("nothing-here"));
        File.CreateSymbolicLink(InFolder("device.wasm"), "/dev/null");
        using var registry = _sandbox.Create(logger: _log);

        await ScanAsync(registry, initial: true);
        _sandbox.Put("hello", "fresh");
        await ScanAsync(registry);
        await ScanAsync(registry);

        foreach (var served in new[] { "hello", "alias", "fresh" })
        {
            using var lease = registry.Acquire(served).Lease;
            Assert.True(lease is not null, served + " is served");
        }
        var kinds = new Dictionary<string, string>
        {
            ["fifo"] = "fifo", ["sock"] = "socket", ["dir"] = "directory", ["dangling"] = "dangling_symlink", ["device"] = "character_device",
        };
        foreach (var (module, kind) in kinds)
        {
            var problem = registry.Acquire(module).Problem;
            Assert.NotNull(problem);
            Assert.Contains("not a regular file", problem);
            Assert.Equal(ModuleProblems.NotAFile, ModuleProblems.ForClient(problem));
            var reported = Assert.Single(_log.Named("module_not_a_file"), f => (string?)f["module"] == module);
            Assert.Equal(kind, reported["kind"]);
            Assert.Equal(InFolder(module + ".wasm"), reported["path"]);
        }
        Assert.Equal(kinds.Count, _log.Named("module_not_a_file").Count);
    }

    [Fact]
    public async Task A_module_replaced_by_a_fifo_cannot_run_and_one_put_back_serves_again()
    {
        var path = _sandbox.Put("hello", "swapped");
        using var registry = _sandbox.Create(logger: _log);
        await ScanAsync(registry, initial: true);

        File.Delete(path);
        MakeFifo(path);
        await ScanAsync(registry);
        Assert.Contains("FIFO", registry.Acquire("swapped").Problem);

        File.Delete(path);
        _sandbox.Put("hello", "swapped");
        await ScanAsync(registry);
        await ScanAsync(registry);
        using var lease = registry.Acquire("swapped").Lease;
        Assert.NotNull(lease);
    }

    [Fact]
    public async Task An_AOT_artifact_that_is_a_fifo_is_not_read_but_taken_for_corrupt_and_replaced()
    {
        var path = _sandbox.Put("hello", "cached");
        MakeFifo(path + ".aot");
        using var registry = _sandbox.Create(logger: _log);

        await ScanAsync(registry, initial: true);

        using (var lease = registry.Acquire("cached").Lease) Assert.NotNull(lease);
        Assert.Equal("corrupt", Assert.Single(_sandbox.Audit.OfType<Domain.Caching.AotInvalidated>()).Reason);
        Assert.True(new FileInfo(path + ".aot").Length > 0, "a real artifact took the FIFO's place");
    }

    private static async Task ScanAsync(ModuleRegistry registry, bool initial = false) =>
        await Task.Run(() => registry.Scan(initial), TestContext.Current.CancellationToken).WaitAsync(NoHang, TestContext.Current.CancellationToken);

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    public void Dispose()
    {
        foreach (var socket in _sockets) socket.Dispose();
        _sandbox.Dispose();
    }
}
