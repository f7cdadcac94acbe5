using System.Diagnostics;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary>A healthy mik serving the example modules gives a small bundle (its duration is reported, not asserted).</summary>
public sealed class DiagBundleSizeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bundle_of_a_healthy_mik_with_the_example_modules_is_under_5_MB()
    {
        using var sandbox = new MikSandbox("[logging]\nfile = \"logs/mik.log\"\n");
        foreach (var module in MikSandbox.ExampleModules()) File.Copy(module, Path.Combine(sandbox.ModulesDirectory, Path.GetFileName(module)));
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        foreach (var module in new[] { "hello", "echo", "headers" })
            for (var i = 0; i < 20; i++)
                using (var _ = await mik.Runtime.GetAsync($"/run/{module}/", Ct)) { }

        var clock = Stopwatch.StartNew();
        var result = await DiagRun.RunAsync(sandbox.Directory, null, "diag", "bundle", "--config", sandbox.ConfigPath, "--output", sandbox.Directory);
        clock.Stop();

        var archive = DiagRun.ArchiveOf(result);
        var size = new FileInfo(archive).Length;
        TestContext.Current.TestOutputHelper?.WriteLine($"bundle: {size} bytes in {clock.ElapsedMilliseconds} ms");
        Assert.InRange(size, 1, 5 * 1000 * 1000);
        Assert.Contains(DiagRun.Entries(archive), e => e.Path == "modules.json");
    }
}
