using Mik.Durable.EndToEnd.Tests.Support;
using static Mik.Durable.EndToEnd.Tests.Diagnostics.DoctorHostRun;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary>Every check at once, as an operator runs it first: on a healthy mik with the example modules, exit 0.</summary>
public sealed class DoctorHealthyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_a_healthy_mik_serving_the_example_modules_mik_doctor_finds_nothing_that_fails_and_leaves_no_auth_failure()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = "doctor-healthy-key-0123456789";
        foreach (var module in MikSandbox.ExampleModules())
            File.Copy(module, Path.Combine(sandbox.ModulesDirectory, Path.GetFileName(module)));
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        await mik.WaitEventStoreAsync();
        Assert.Equal("Hello from mik\n", await mik.Runtime.GetStringAsync("/run/hello", Ct));

        var run = await RunAsync(sandbox);

        Assert.True(run.ExitCode == 0, run.Stdout);
        Assert.DoesNotContain(run.Checks, c => Verdict(c) == "fail");
        // All of them ran: the host and the data checks, each at least once.
        Assert.True(run.Checks.Select(c => c.GetProperty("id").GetString()).Distinct().Count() >= 20, run.Stdout);
        // Run without the key (as an operator may), the doctor asked no protected route: no auth failure was recorded.
        var metrics = await mik.Runtime.GetStringAsync("/metrics", Ct);
        Assert.DoesNotMatch(@"(?m)^mik_auth_failures_total\{[^}]*\} [1-9]", metrics);
        // The only warning a loopback sandbox deserves: the runtime listener is not reachable from outside.
        Assert.All(run.Checks.Where(c => Verdict(c) == "warn"), c => Assert.Equal("ports.bind_address", c.GetProperty("id").GetString()));
    }
}
