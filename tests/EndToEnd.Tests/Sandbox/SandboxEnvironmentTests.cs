using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Sandbox;

/// <summary>
/// The published binary, probed by tests/guests/src/escape.c: a guest sees the documented WAGI variables and its
/// module's env, never mik's own environment (the API key, the database URL and its password, a canary), and reads
/// none of mik's files (config, modules folder, state dir) from a volume beside them (docs/reliability.md, Sandbox).
/// </summary>
public sealed class SandboxEnvironmentTests
{
    private const string Canary = "canary-7f3c1e-in-mik-environment";
    private const string ApiKey = "api-key-canary-0d5b2a";
    private const string DbPassword = "db-password-canary-91e4";

    // docs/wagi.md, Request variables.
    private static readonly HashSet<string> Documented =
    [
        "AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "X_FULL_URL", "GATEWAY_INTERFACE", "X_MATCHED_ROUTE", "QUERY_STRING",
        "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_USER", "REQUEST_METHOD", "SCRIPT_NAME", "X_RAW_PATH_INFO", "PATH_INFO",
        "PATH_TRANSLATED", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "SERVER_SOFTWARE",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MikSandbox Sandbox()
    {
        var sandbox = new MikSandbox("""
            [modules.escape-vol]
            volumes = { "/data" = "data" }
            env = { GREETING = "configured-for-the-module" }
            """);
        Directory.CreateDirectory(Path.Combine(sandbox.Directory, "data"));
        File.WriteAllText(Path.Combine(sandbox.Directory, "data", "hello.txt"), "in the volume\n");
        sandbox.AddModule("escape");
        sandbox.AddModule("escape", "escape-vol");
        sandbox.Environment["MIK_SANDBOX_CANARY"] = Canary;
        sandbox.Environment["MIK_API_KEY"] = ApiKey;
        sandbox.Environment["MIK_DATABASE_URL"] = MikSandbox.TestDatabaseUrl + ";Password=" + DbPassword;
        return sandbox;
    }

    private static async Task<string> Probe(MikProcess mik, string module, string query)
    {
        using var response = await mik.Runtime.GetAsync($"/run/{module}?{query}", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{module}?{query}: {(int)response.StatusCode} {body}");
        return body;
    }

    [Theory]
    [InlineData("escape")]
    [InlineData("escape-vol")]
    public async Task A_guest_sees_only_the_WAGI_variables_and_its_module_env_never_mik_s_environment(string module)
    {
        using var sandbox = Sandbox();
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        var body = await Probe(mik, module, "p=env");

        var names = body.Split('\n').Where(l => l.StartsWith("env: ", StringComparison.Ordinal))
            .Select(l => l[5..].Split('=', 2)[0]).ToList();
        Assert.Contains("QUERY_STRING", names);
        var unexpected = names.Where(n => !Documented.Contains(n) && !n.StartsWith("HTTP_", StringComparison.Ordinal)
            && n != "GREETING").ToList();
        Assert.True(unexpected.Count == 0, "variables that are not WAGI's: " + string.Join(", ", unexpected));
        Assert.Equal(module == "escape-vol", names.Contains("GREETING"));
        foreach (var secret in new[] { Canary, ApiKey, DbPassword, "MIK_", "PATH=", "HOME=" })
            Assert.DoesNotContain(secret, body);
    }

    [Fact]
    public async Task A_guest_with_a_volume_beside_mik_s_files_reads_none_of_them()
    {
        using var sandbox = Sandbox();
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        var state = sandbox.StateDirectory;
        Assert.StartsWith("read=ok in the volume", await Probe(mik, "escape-vol", "p=read&path=/data/hello.txt"));

        string[] paths =
        [
            "/data/../mik.toml", "/data/../modules/escape.wasm", "/data/../state/aot.key", "/data/../state/modules.json",
            sandbox.ConfigPath, Path.Combine(sandbox.ModulesDirectory, "escape.wasm"), Path.Combine(state, "aot.key"),
            "/etc/passwd", "/proc/self/environ", $"/proc/{mik.Pid}/environ",
        ];
        foreach (var path in paths)
        {
            foreach (var module in new[] { "escape", "escape-vol" })
            {
                Assert.Matches(@"^read=failed errno=\d+\n$", await Probe(mik, module, "p=read&path=" + path));
                if (module == "escape-vol")
                    Assert.Matches(@"^rawread=failed errno=\d+\n$", await Probe(mik, module, "p=rawread&path=" + path.Replace("/data/", "")));
            }
        }
        Assert.Equal("fds=ok 0 1 2 3=/data\n", await Probe(mik, "escape-vol", "p=fds"));
        Assert.Equal("fds=ok 0 1 2\n", await Probe(mik, "escape", "p=fds"));
    }
}
