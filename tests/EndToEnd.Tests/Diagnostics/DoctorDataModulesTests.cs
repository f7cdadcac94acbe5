using Mik.Durable.EndToEnd.Tests.Support;
using Mik.Durable.Tests.Shared;
using static Mik.Durable.EndToEnd.Tests.Diagnostics.DoctorDataRun;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary><c>mik doctor</c> on the modules folder of a stopped mik: each injected problem found, with the runbook's fix.</summary>
public sealed class DoctorDataModulesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_module_of_mode_000_fails_modules_readable_with_chmod_644_although_root_could_read_it()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("hello");
        var locked = sandbox.AddModule("hello", "locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);

        var (exit, checks, _) = await RunAsync(sandbox, "modules.readable");

        Assert.Equal(1, exit);
        var finding = One(checks, "modules.readable", "fail", "locked.wasm");
        Assert.Equal($"chmod 644 {locked}", Resolution(finding));
        Assert.Contains("mode 0000", finding.GetProperty("evidence")[0].GetString(), StringComparison.Ordinal);
        Assert.Single(checks);
    }

    [Fact]
    public async Task A_file_that_is_not_wasm_fails_modules_valid_naming_the_rebuild()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("hello");
        await File.WriteAllTextAsync(Path.Combine(sandbox.ModulesDirectory, "garbage.wasm"), "<html>not a module</html>\n", Ct);

        var (exit, checks, _) = await RunAsync(sandbox, "modules.valid");

        Assert.Equal(1, exit);
        var finding = One(checks, "modules.valid", "fail", "garbage.wasm: not a WebAssembly module");
        Assert.Contains("Rebuild garbage as a WASI preview 1 core module", Resolution(finding), StringComparison.Ordinal);
        Assert.Single(checks);
    }

    [Fact]
    public async Task A_corrupt_artifact_fails_aot_artifacts_naming_mik_cache_clean_and_the_doctor_changes_nothing()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = Key;
        var aot = sandbox.AddModule("hello") + ".aot";
        await using (var mik = MikProcess.Start(sandbox))
        {
            await mik.WaitReadyAsync();
            mik.Signal(MikProcess.Sigterm);
            Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        var healthy = await RunAsync(sandbox, "aot.artifacts");
        Assert.Equal(0, healthy.ExitCode);
        One(healthy.Checks, "aot.artifacts", "ok", "1 artifact(s), all current");

        ArtifactForgery.Forge(aot, "Hello from mik", "Forged payload");
        var forged = await File.ReadAllBytesAsync(aot, Ct);
        var (exit, checks, _) = await RunAsync(sandbox, "aot.artifacts");

        Assert.Equal(1, exit);
        var finding = One(checks, "aot.artifacts", "fail", "hello.wasm.aot is corrupt");
        Assert.Contains("mik cache clean", Resolution(finding), StringComparison.Ordinal);
        Assert.Equal(forged, await File.ReadAllBytesAsync(aot, Ct));
    }
}
