using System.Globalization;
using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>
/// The mik.toml files shipped in deploy/ (the image's, the systemd unit's, the Kubernetes ConfigMap's) start the
/// published mik without a problem or an unknown key and serve an example module. Only the machine-wide paths
/// and the two ports are moved into a sandbox, and the schema is a fresh one in the test PostgreSQL.
/// </summary>
public sealed class ShippedConfigTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Configs => ["docker", "systemd", "k8s"];

    private static string Shipped(string which) => which switch
    {
        "docker" => RepoFiles.Read("deploy", "docker", "mik.toml"),
        "systemd" => RepoFiles.Read("deploy", "systemd", "mik.toml"),
        _ => Yaml.Documents(RepoFiles.Read("deploy", "k8s", "configmap.yaml")).Single().Text("data", "mik.toml"),
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task The_shipped_config_starts_mik_and_serves_the_example_modules(string which)
    {
        using var sandbox = new MikSandbox();
        var text = Shipped(which);
        Assert.Contains("port = 3000", text);
        Assert.Contains("\"/var/lib/mik\"", text);
        var config = Path.Combine(sandbox.Directory, which + ".toml");
        await File.WriteAllTextAsync(config, text
            .Replace("/var/lib/mik", Path.Combine(sandbox.Directory, "state"), StringComparison.Ordinal)
            .Replace("/var/log/mik", Path.Combine(sandbox.Directory, "log"), StringComparison.Ordinal)
            .Replace("port = 3000", "port = " + sandbox.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("port = 9919", "port = " + sandbox.AdminPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            + $"\n[database]\nschema = \"{MikSandbox.NewSchema()}\"\n", Ct);
        var modules = Path.Combine(sandbox.Directory, "state", "modules");
        Directory.CreateDirectory(modules);
        foreach (var wasm in Directory.GetFiles(RepoFiles.PathOf("examples", "modules"), "*.wasm"))
            File.Copy(wasm, Path.Combine(modules, Path.GetFileName(wasm)));
        // What the Secret, the EnvironmentFile or the compose file provide.
        sandbox.Environment["MIK_DATABASE_URL"] = MikSandbox.TestDatabaseUrl;
        sandbox.Environment["MIK_API_KEY"] = "shipped-config-test-key";

        await using var mik = MikProcess.Start(sandbox, "serve", "--config", config);
        await mik.WaitReadyAsync();
        using var hello = await mik.Runtime.GetAsync("/run/hello/", Ct);
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/config");
        request.Headers.Add("X-API-Key", "shipped-config-test-key");
        using var response = await mik.Admin.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var effective = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, effective.RootElement.GetProperty("unknown_keys").GetArrayLength());
        var lines = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "request_completed")), "request_completed");
        Assert.DoesNotContain(lines, l => l.Is("level", "ERROR"));
        if (which == "systemd")
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(sandbox.Directory, "log"), "mik*.log"));   // logging.file in LogsDirectory
    }
}
