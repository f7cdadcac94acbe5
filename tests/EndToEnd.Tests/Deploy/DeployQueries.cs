using System.Text.Json;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>Every PromQL expression of the Grafana dashboard and of the Prometheus alert rules.</summary>
internal static class DeployQueries
{
    public const string PrometheusUid = "mik-prometheus";

    public static string DashboardPath => RepoFiles.PathOf("deploy", "grafana", "dashboards", "mik.json");

    public static JsonElement Dashboard() => JsonDocument.Parse(File.ReadAllText(DashboardPath)).RootElement.Clone();

    public static List<DeployQuery> All() => [.. FromDashboard(), .. FromRules()];

    public static IEnumerable<DeployQuery> FromDashboard()
    {
        var dashboard = Dashboard();
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                if (DatasourceUid(target) == PrometheusUid || DatasourceUid(target) is null && DatasourceUid(panel) == PrometheusUid)
                    yield return new($"dashboard panel '{panel.GetProperty("title").GetString()}' {target.GetProperty("refId").GetString()}",
                        target.GetProperty("expr").GetString()!);
            }
        }
        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() == "query" && DatasourceUid(variable) == PrometheusUid)
                yield return new($"dashboard variable ${variable.GetProperty("name").GetString()}",
                    variable.GetProperty("query").GetProperty("query").GetString()!);
        }
    }

    public static IEnumerable<DeployQuery> FromRules()
    {
        foreach (var file in Directory.GetFiles(RepoFiles.PathOf("deploy", "prometheus", "rules"), "*.yml").Order(StringComparer.Ordinal))
        {
            foreach (var group in Yaml.Load(File.ReadAllText(file)).Items("groups"))
            {
                foreach (var rule in group.Items("rules"))
                    yield return new($"{Path.GetFileName(file)} {rule.Text("alert")}", rule.Text("expr"));
            }
        }
    }

    private static string? DatasourceUid(JsonElement element) =>
        element.TryGetProperty("datasource", out var ds) && ds.ValueKind == JsonValueKind.Object && ds.TryGetProperty("uid", out var uid)
            ? uid.GetString()
            : null;
}
