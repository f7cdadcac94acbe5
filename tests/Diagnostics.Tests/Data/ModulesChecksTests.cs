using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Data.ModuleFiles;
using static Mik.Durable.Diagnostics.Tests.Data.DataTestSupport;

namespace Mik.Durable.Diagnostics.Tests.Data;

public sealed class ModulesChecksTests
{
    private static ModuleFileInfo File(string file, string kind = "module", string mode = "0644", bool readable = true, string? wasm = "module",
        string? artifact = "current", string type = "regular", string? problem = null) =>
        new(file.Split('.')[0], file, kind, type, null, 100, mode, "mik", readable, kind == "module" ? wasm : null, artifact, problem);

    private static Evidence With(params ModuleFileInfo[] files) =>
        EvidenceOf(("modules.json", new ModulesReport(new ModulesFolderInfo("/var/lib/mik/modules", true, true, "0755"), true, files)));

    [Fact]
    public void A_module_whose_mode_grants_no_read_fails_modules_readable_with_chmod_644()
    {
        var results = new ModulesReadableCheck().Run(With(File("hello.wasm"), File("locked.wasm", mode: "0000", readable: false))).ToList();

        var result = Assert.Single(results);
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("locked.wasm", result.Reason, StringComparison.Ordinal);
        Assert.Equal("chmod 644 /var/lib/mik/modules/locked.wasm", result.Resolution);
        Assert.Contains("mode 0000", Assert.Single(result.Evidence), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_in_place_of_a_module_fails_modules_readable_as_not_a_regular_file()
    {
        var result = Single(new ModulesReadableCheck(), With(File("pipe.wasm", type: "fifo", readable: false, wasm: "unreadable")));
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("not a regular file (fifo)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_are_neither_core_modules_nor_components_fail_modules_valid_one_result_each_naming_the_rebuild()
    {
        var results = new ModulesValidCheck().Run(With(File("hello.wasm"),
            File("garbage.wasm", wasm: "not_wasm", problem: "not a WebAssembly module: 24 bytes starting with 0x23212F62"),
            File("text.wasm", wasm: "not_wasm", problem: "not a WebAssembly module: 5 bytes starting with 0x68656C6C"),
            File("comp.wasm", wasm: "component"))).ToList();

        // The server serves a component: the doctor does not call it invalid.
        Assert.Equal(2, results.Count);
        Assert.DoesNotContain(results, r => r.Reason.StartsWith("comp.wasm", StringComparison.Ordinal));
        Assert.All(results, r => Assert.Equal(Verdict.Fail, r.Verdict));
        Assert.Contains(results, r => r.Reason.StartsWith("garbage.wasm: not a WebAssembly module", StringComparison.Ordinal));
        Assert.All(results, r => Assert.Contains("Rebuild", r.Resolution, StringComparison.Ordinal));
    }

    [Fact]
    public void Healthy_modules_pass_every_modules_check()
    {
        var evidence = With(File("hello.wasm"), File("hello.wasm.aot", kind: "artifact"));
        Assert.Equal(Verdict.Ok, Single(new ModulesFolderCheck(), evidence).Verdict);
        Assert.Equal(Verdict.Ok, Single(new ModulesReadableCheck(), evidence).Verdict);
        Assert.Equal(Verdict.Ok, Single(new ModulesValidCheck(), evidence).Verdict);
        Assert.Equal(Verdict.Ok, Single(new AotArtifactsCheck(), evidence).Verdict);
    }

    [Fact]
    public void A_corrupt_artifact_fails_and_stale_or_foreign_ones_warn_each_with_the_cache_command()
    {
        var results = new AotArtifactsCheck().Run(With(File("hello.wasm"), File("hello.wasm.aot", kind: "artifact", artifact: "corrupt"),
            File("old.wasm.aot", kind: "artifact", artifact: "stale"), File("other.wasm.aot", kind: "artifact", artifact: "version_mismatch"))).ToList();

        Assert.Equal([Verdict.Fail, Verdict.Warn, Verdict.Warn], results.Select(r => r.Verdict));
        Assert.Contains("mik cache clean", results[0].Resolution, StringComparison.Ordinal);
        Assert.Contains("corrupt", results[0].Reason, StringComparison.Ordinal);
        Assert.Contains("mik cache warm", results[2].Resolution, StringComparison.Ordinal);
    }

    [Fact]
    public void Artifacts_that_cannot_be_verified_for_want_of_a_key_warn_once_instead_of_failing_as_forged()
    {
        var report = new ModulesReport(new ModulesFolderInfo("/m", true, true, "0755"), true,
            [File("hello.wasm", artifact: "corrupt"), File("hello.wasm.aot", kind: "artifact", artifact: "corrupt")], "there is no aot.key in the state dir");

        var result = Single(new AotArtifactsCheck(), EvidenceOf(("modules.json", report)));

        Assert.Equal(Verdict.Warn, result.Verdict);
        Assert.Contains("there is no aot.key in the state dir", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_modules_folder_warns_that_every_route_is_a_404()
    {
        var result = Single(new ModulesFolderCheck(), With());
        Assert.Equal(Verdict.Warn, result.Verdict);
    }

    [Fact]
    public void Every_modules_check_skips_when_the_collector_left_no_file()
    {
        var evidence = new Evidence(new Dictionary<string, byte[]>(), [new Mik.Durable.Diagnostics.Collecting.CollectorStatus("modules", "failed", "boom", 1, [])]);
        foreach (var check in new ICheck[] { new ModulesFolderCheck(), new ModulesReadableCheck(), new ModulesValidCheck(), new AotArtifactsCheck() })
            Assert.Equal(Verdict.Skip, Single(check, evidence).Verdict);
    }
}
