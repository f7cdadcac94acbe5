using System.Diagnostics;
using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Data.ModuleFiles;
using static Mik.Durable.Diagnostics.Tests.Data.DataTestSupport;

namespace Mik.Durable.Diagnostics.Tests.Data;

public sealed class ModulesCollectorTests
{
    [Fact]
    public async Task Each_file_of_the_modules_folder_is_described_without_blocking_on_a_fifo()
    {
        var root = TempDir();
        var modules = Path.Combine(root, "modules");
        Directory.CreateDirectory(modules);
        await File.WriteAllBytesAsync(Path.Combine(modules, "hello.wasm"), CoreModule, Ct);
        await File.WriteAllBytesAsync(Path.Combine(modules, "comp.wasm"), Component, Ct);
        await File.WriteAllTextAsync(Path.Combine(modules, "garbage.wasm"), "#!/bin/sh\necho not wasm\n", Ct);
        var locked = Path.Combine(modules, "locked.wasm");
        await File.WriteAllBytesAsync(locked, CoreModule, Ct);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        await File.WriteAllTextAsync(Path.Combine(modules, "README"), "notes", Ct);
        MakeFifo(Path.Combine(modules, "pipe.wasm"));
        File.CreateSymbolicLink(Path.Combine(modules, "gone.wasm"), Path.Combine(root, "nowhere.wasm"));

        var evidence = await CollectAsync(new ModulesCollector(), Context(Config(root)));

        var report = evidence.Read<ModulesReport>("modules.json")!;
        Assert.True(report.Folder.Exists);
        Assert.True(report.Folder.Readable);
        var files = report.Files.ToDictionary(f => f.File);
        Assert.Equal(("module", "module", true, "0644"), (files["hello.wasm"].Kind, files["hello.wasm"].Wasm, files["hello.wasm"].Readable, files["hello.wasm"].Mode));
        Assert.Equal("missing", files["hello.wasm"].Artifact);
        Assert.Equal("component", files["comp.wasm"].Wasm);
        Assert.Equal("not_wasm", files["garbage.wasm"].Wasm);
        Assert.Equal(("0000", false), (files["locked.wasm"].Mode, files["locked.wasm"].Readable));
        Assert.Equal(("fifo", "unreadable"), (files["pipe.wasm"].FileType, files["pipe.wasm"].Wasm));
        Assert.Equal("dangling_symlink", files["gone.wasm"].FileType);
        Assert.Equal("other", files["README"].Kind);
        Assert.Equal(Environment.UserName, files["hello.wasm"].Owner);
    }

    [Fact]
    public async Task An_artifact_that_does_not_verify_is_corrupt_and_without_a_key_the_doctor_does_not_make_one()
    {
        var root = TempDir();
        var modules = Path.Combine(root, "modules");
        Directory.CreateDirectory(modules);
        await File.WriteAllBytesAsync(Path.Combine(modules, "hello.wasm"), CoreModule, Ct);
        await File.WriteAllBytesAsync(Path.Combine(modules, "hello.wasm.aot"), new byte[4096], Ct);

        var evidence = await CollectAsync(new ModulesCollector(), Context(Config(root)));

        Assert.False(File.Exists(Path.Combine(root, "state", "aot.key")), "the doctor created an aot.key");
        var files = evidence.Read<ModulesReport>("modules.json")!.Files.ToDictionary(f => f.File);
        Assert.Equal("corrupt", files["hello.wasm"].Artifact);
        Assert.Equal(("artifact", "corrupt"), (files["hello.wasm.aot"].Kind, files["hello.wasm.aot"].Artifact));
        Assert.Equal("there is no aot.key in the state dir", evidence.Read<ModulesReport>("modules.json")!.AotKeyProblem);

        // With the installation's key in place the header is read, and a zeroed file still does not verify.
        Directory.CreateDirectory(Path.Combine(root, "state"));
        var key = Path.Combine(root, "state", "aot.key");
        await File.WriteAllBytesAsync(key, new byte[32], Ct);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var keyed = await CollectAsync(new ModulesCollector(), Context(Config(root)));
        Assert.Equal("corrupt", keyed.Read<ModulesReport>("modules.json")!.Files.Single(f => f.File == "hello.wasm.aot").Artifact);
        Assert.Null(keyed.Read<ModulesReport>("modules.json")!.AotKeyProblem);
        Assert.Equal(Verdict.Fail, Single(new AotArtifactsCheck(), keyed).Verdict);
        Assert.Equal(new byte[32], await File.ReadAllBytesAsync(key, Ct));
    }

    [Fact]
    public async Task A_missing_modules_folder_is_reported_and_modules_folder_fails()
    {
        var root = TempDir();
        var evidence = await CollectAsync(new ModulesCollector(), Context(Config(root)));

        var result = Single(new ModulesFolderCheck(), evidence);
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains(Path.Combine(root, "modules"), result.Reason, StringComparison.Ordinal);
        Assert.Contains("mik modules deploy", result.Resolution, StringComparison.Ordinal);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
