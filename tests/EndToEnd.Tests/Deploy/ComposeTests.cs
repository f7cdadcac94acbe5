using YamlDotNet.RepresentationModel;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>docker-compose.yml as `docker-compose config` resolves it: the stack an SRE gets from `docker compose up`.</summary>
public sealed class ComposeTests
{
    private static async Task<YamlNode> ResolvedAsync()
    {
        var result = await ComposeConfigAsync(new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = "pw", ["MIK_API_KEY"] = "key", ["GRAFANA_ADMIN_PASSWORD"] = "gpw" });
        Assert.True(result.ExitCode == 0, result.Output);
        return Yaml.Load(result.Stdout).At("services");
    }

    /// <summary><c>docker-compose config</c> with these variables and an empty env file, so a local .env plays no part.</summary>
    private static async Task<ToolResult> ComposeConfigAsync(Dictionary<string, string> env)
    {
        var envFile = Path.GetTempFileName();
        try
        {
            return await Tool.RunAsync("docker-compose", ["--project-directory", ".", "--env-file", envFile, "-f", "docker-compose.yml", "config"], env);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    [Fact]
    public async Task Two_mik_replicas_share_one_database_behind_one_published_port()
    {
        var services = await ResolvedAsync();
        var names = ((YamlMappingNode)services).Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(["grafana", "loki", "mik-1", "mik-2", "postgres", "prometheus", "proxy"], names);
        var url1 = services.Text("mik-1", "environment", "MIK_DATABASE_URL");
        Assert.Equal("postgres://mik:pw@postgres:5432/mik", url1);
        Assert.Equal(url1, services.Text("mik-2", "environment", "MIK_DATABASE_URL"));
        Assert.Equal("http://loki:3100", services.Text("mik-1", "environment", "MIK_LOKI_URL"));
        foreach (var mik in new[] { "mik-1", "mik-2" })
        {
            Assert.False(services.At(mik).Has("ports"), $"{mik} is reached through the proxy only");
            Assert.Equal(".", Path.GetRelativePath(RepoFiles.Root, services.Text(mik, "build", "context")));
        }
        Assert.Equal("3000", services.At("proxy").Items("ports").Single().Text("published"));
        var nginx = RepoFiles.Read("deploy", "nginx", "mik.conf");
        Assert.Contains("server mik-1:3000", nginx);
        Assert.Contains("server mik-2:3000", nginx);
    }

    [Fact]
    public async Task The_compose_file_refuses_to_start_without_its_secrets_and_commits_none()
    {
        var result = await ComposeConfigAsync(new Dictionary<string, string> { ["MIK_API_KEY"] = "", ["POSTGRES_PASSWORD"] = "", ["GRAFANA_ADMIN_PASSWORD"] = "" });
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("set POSTGRES_PASSWORD", result.Output);
        Assert.Contains(".env", File.ReadAllLines(RepoFiles.PathOf(".gitignore")));   // where the secrets go, never committed
    }

    [Fact]
    public async Task Prometheus_loads_the_rules_it_is_given_and_scrapes_each_replica()
    {
        var services = await ResolvedAsync();
        Assert.Contains(services.At("prometheus").Items("volumes").Select(v => v.Text()),
            v => v.EndsWith("/deploy/prometheus:/etc/prometheus:ro", StringComparison.Ordinal));
        var config = Yaml.Load(RepoFiles.Read("deploy", "prometheus", "prometheus.yml"));
        Assert.Equal("rules/*.yml", config.Items("rule_files").Single().Text());
        var job = config.Items("scrape_configs").Single();
        Assert.Equal("mik", job.Text("job_name"));
        Assert.Equal(["mik-1:3000", "mik-2:3000"], job.Items("static_configs").Single().Items("targets").Select(t => t.Text()));
    }
}
