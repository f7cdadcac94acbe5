using System.Net;
using System.Text;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// Through the published binary, a component sees the rest of the world it imports: its module's <c>env</c> settings
/// (never mik's own environment), its stdout and stderr as log lines of the module, and <c>wasi:cli/exit</c> ending
/// the request as a WAGI module's exit does (docs/components.md). The guest is <c>world-probe</c>.
/// </summary>
public sealed class ComponentWorldServeTests
{
    private const string Canary = "MIK_E2E_CANARY_SECRET";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_component_sees_only_its_modules_env_and_its_stdout_and_stderr_are_log_lines_of_the_module()
    {
        using var sandbox = new MikSandbox("""
            [modules.world-probe]
            env = { GREETING = "hello there" }
            volumes = { "/data" = "data" }
            """);
        sandbox.AddModule("components/world-probe", "world-probe");
        Directory.CreateDirectory(Path.Combine(sandbox.Directory, "data"));
        sandbox.Environment[Canary] = "must-not-reach-the-guest";
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var response = await mik.Runtime.GetAsync("/run/world-probe/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        var text = Encoding.UTF8.GetString(body, 0, body.Length - 44);
        Assert.Equal("GREETING=hello there\narg:world-probe\n--\n", text);
        Assert.DoesNotContain(Canary, Encoding.UTF8.GetString(body));

        static bool FromGuest(JsonElement l) => l.Is("target", "mik::guest") && l.Is("module", "world-probe");
        var logs = await LogLines.WaitAsync(mik, l => l.Any(line => FromGuest(line) && line.Is("message", "probe: no newline")),
            "the component's last stderr line");
        Assert.Equal(["probe: hello on stdout", "probe: hello on stderr", "probe: no newline"],
            logs.Where(FromGuest).Select(l => l.GetProperty("message").GetString()));
        Assert.All(logs.Where(FromGuest), l => Assert.True(l.Is("level", "INFO"), l.ToString()));
        // Volumes are not served to components yet: a warning says so rather than silence.
        var ignored = Assert.Single(logs, l => l.Is("message", "component_volumes_ignored"));
        Assert.True(ignored.Is("module", "world-probe") && ignored.Is("volumes", "/data"), ignored.ToString());
    }

    [Fact]
    public async Task Exit_with_an_error_is_a_500_handler_exit_and_exit_with_ok_answers_the_response_set_before()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("components/world-probe", "world-probe");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var failed = await mik.Runtime.DeleteAsync("/run/world-probe/", Ct);
        using var exited = await mik.Runtime.PatchAsync("/run/world-probe/", new StringContent(""), Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Contains("handler_exit", await failed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, exited.StatusCode);
        Assert.Equal("exiting\n", await exited.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Mik_validate_warns_that_the_volumes_configured_for_a_component_are_ignored()
    {
        var dir = Directory.CreateTempSubdirectory("mik-validate-").FullName;
        try
        {
            var config = Path.Combine(dir, "volumes.toml");
            await File.WriteAllTextAsync(config, "[modules.world-probe]\nvolumes = { \"/data\" = \"data\" }\n", Ct);
            Directory.CreateDirectory(Path.Combine(dir, "data"));
            var probe = MikSandbox.GuestPath("components/world-probe");

            var result = await MikCli.RunAsync(dir, "validate", "--config", config, probe);

            Assert.Equal(0, result.ExitCode);
            var report = JsonDocument.Parse(Assert.Single(result.StdoutLines)).RootElement;
            Assert.True(report.GetProperty("ok").GetBoolean(), report.ToString());
            var warning = Assert.Single(report.GetProperty("warnings").EnumerateArray()).GetString();
            Assert.Contains("volumes", warning);
            Assert.Contains("ignored", warning);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Mik_call_prints_a_components_stdout_and_stderr_lines_on_stderr_as_a_modules_stderr()
    {
        var dir = Directory.CreateTempSubdirectory("mik-call-").FullName;
        try
        {
            var result = await MikCli.RunAsync(dir, "call", MikSandbox.GuestPath("components/world-probe"), "/");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("HTTP/1.1 200 OK\n", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Equal(["probe: hello on stdout", "probe: hello on stderr", "probe: no newline"], result.StderrLines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
