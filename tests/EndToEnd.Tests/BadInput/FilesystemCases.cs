using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// The filesystem area of the bad-input catalogue (docs/reliability.md, Filesystem): odd entries in the modules folder
/// (on one shared server), and the folders themselves missing, misplaced, read-only or full (each on its own).
/// Run by <see cref="FilesystemCatalogueTests"/> against the published binary.
/// </summary>
internal static class FilesystemCases
{
    private const string NotAFile = "Failed to instantiate: the module's file is not a regular file";

    public static IReadOnlyList<FilesystemCase> All { get; } =
    [
        Entry("fifo_named_wasm", "a FIFO `fifo.wasm` in the modules folder", "500", NotAFile, "fifo", "is a FIFO (named pipe)",
            async path => { await FolderEntries.FifoAsync(path); return null; }),
        Entry("socket_named_wasm", "a listening Unix socket `socket.wasm`", "500", NotAFile, "socket", "is a socket",
            path => Task.FromResult<IDisposable?>(FolderEntries.Socket(path))),
        Entry("folder_named_wasm", "a folder `dir.wasm`", "500", NotAFile, "dir", "is a directory",
            path => { Directory.CreateDirectory(path); return Task.FromResult<IDisposable?>(null); }),
        Entry("zero_byte_wasm", "an empty `empty.wasm`", "500", "Failed to instantiate: not a WebAssembly module", "empty", "not a WebAssembly module",
            path => { File.WriteAllBytes(path, []); return Task.FromResult<IDisposable?>(null); }),
        Entry("unreadable_wasm", "a module of mode 000 (mik runs as root, which reads it)", "200", "", "unreadable", null,
            path => { FolderEntries.Unreadable(path); return Task.FromResult<IDisposable?>(null); }),
        Entry("symlink_inside", "`link-in.wasm` → `hello.wasm` beside it", "200", "", "link-in", null,
            path => { File.CreateSymbolicLink(path, "hello.wasm"); return Task.FromResult<IDisposable?>(null); }),
        Entry("symlink_outside", "`link-out.wasm` → a module outside the folder (**Decision**: followed)", "200", "", "link-out", null,
            path => { File.CreateSymbolicLink(path, FolderEntries.Outside(Sandbox(path))); return Task.FromResult<IDisposable?>(null); }),
        Entry("symlink_dangling", "`dangling.wasm` → a file that does not exist", "500", NotAFile, "dangling", "is a symlink that leads to no file",
            path => { File.CreateSymbolicLink(path, "no-such-module.wasm"); return Task.FromResult<IDisposable?>(null); }),
        Entry("symlink_loop", "`loop.wasm` → itself", "500", NotAFile, "loop", "is a symlink that leads to no file",
            path => { File.CreateSymbolicLink(path, "loop.wasm"); return Task.FromResult<IDisposable?>(null); }),
        Entry("symlink_to_a_folder", "`link-dir.wasm` → `/etc`", "500", NotAFile, "link-dir", "is a directory",
            path => { File.CreateSymbolicLink(path, "/etc"); return Task.FromResult<IDisposable?>(null); }),
        Entry("symlink_to_a_device", "`dev-zero.wasm` → `/dev/zero` (endless if read)", "500", NotAFile, "dev-zero", "is a character device",
            path => { File.CreateSymbolicLink(path, "/dev/zero"); return Task.FromResult<IDisposable?>(null); }),
        Entry("aot_artifact_is_a_fifo", "`aot-fifo.wasm` whose `aot-fifo.wasm.aot` is a FIFO", "200", "", "aot-fifo", null,
            async path =>
            {
                await FolderEntries.FifoAsync(path + ".aot");
                File.Copy(MikSandbox.GuestPath("hello"), path + ".part");
                File.Move(path + ".part", path);
                return null;
            }),
        new(new("filesystem", "modules_folder_deleted_while_serving", "the modules folder removed (`rm -rf`) while serving, then made again",
            "200", "modules_dir_missing"), (_, row) => FolderProbes.DeletedWhileServingAsync(row)),
        new(new("filesystem", "modules_folder_is_a_file", "`server.modules` names a file", "exit 1",
            "it is a file, not a folder; name the folder that holds the .wasm files", HealthyAfter: false), (_, row) => FolderProbes.ModulesFolderIsAFileAsync(row)),
        new(new("filesystem", "state_dir_is_a_file", "`state.dir` names a file", "exit 1", "it is a file, not a folder; fix it, or set [state] dir",
            HealthyAfter: false), (_, row) => FolderProbes.StateDirIsAFileAsync(row)),
        new(new("filesystem", "state_dir_read_only", "`state.dir` on a read-only mount (root may not write it either)", "exit 1",
            "Read-only file system", HealthyAfter: false), (_, row) => FolderProbes.StateDirReadOnlyAsync(row)),
        new(new("filesystem", "state_dir_postgres_cannot_enter", "embedded PostgreSQL, `state.dir` below a 0700 folder of root's", "exit 1",
            "which cannot enter", HealthyAfter: false), (_, row) => FolderProbes.StateDirPostgresCannotEnterAsync(row)),
        new(new("filesystem", "spool_disk_full", "PostgreSQL unreachable, the audit spool on a 16 KiB tmpfs, 150 audited requests", "200",
            "audit_spool_disk_full"), (_, row) => SpoolDiskFullProbe.RunAsync(row)),
    ];

    public static FilesystemCase Find(string name) => All.Single(c => c.Row.Name == name);

    private static FilesystemCase Entry(string name, string input, string expected, string error, string module, string? problem,
        Func<string, Task<IDisposable?>> make) =>
        new(new BadInputCase("filesystem", name, input, expected, error), (server, row) => FolderEntryProbe.RunAsync(server, row, module, make, problem));

    /// <summary>The sandbox folder of a path in its modules folder.</summary>
    private static string Sandbox(string path) => Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
