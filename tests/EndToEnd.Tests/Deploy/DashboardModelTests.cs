using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/grafana/dashboards/mik.json is a dashboard Grafana loads as provisioned: the model's required parts,
/// panels that do not collide, and data sources that the provisioning files create.
/// </summary>
public sealed partial class DashboardModelTests
{
    // Variables Grafana defines itself.
    private static readonly HashSet<string> BuiltInVariables = ["__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "__all"];

    [Fact]
    public void The_dashboard_is_a_Grafana_dashboard_model_with_unique_panel_ids_on_a_24_column_grid()
    {
        var dashboard = DeployQueries.Dashboard();
        Assert.True(dashboard.GetProperty("schemaVersion").GetInt32() >= 36, "schemaVersion of a current Grafana (>= 36)");
        Assert.False(string.IsNullOrWhiteSpace(dashboard.GetProperty("uid").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(dashboard.GetProperty("title").GetString()));
        Assert.Equal(JsonValueKind.Array, dashboard.GetProperty("templating").GetProperty("list").ValueKind);

        var panels = dashboard.GetProperty("panels").EnumerateArray().ToList();
        Assert.NotEmpty(panels);
        var ids = panels.Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var boxes = new List<(string Title, int X, int Y, int W, int H)>();
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString()!;
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("type").GetString()), title);
            var grid = panel.GetProperty("gridPos");
            var box = (title, grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.True(box.Item2 >= 0 && box.Item4 > 0 && box.Item2 + box.Item4 <= 24 && box.Item5 > 0, $"{title}: gridPos outside the 24 columns");
            foreach (var other in boxes)
            {
                var overlaps = box.Item2 < other.X + other.W && other.X < box.Item2 + box.Item4 && box.Item3 < other.Y + other.H && other.Y < box.Item3 + box.Item5;
                Assert.False(overlaps, $"panels '{title}' and '{other.Title}' overlap");
            }
            boxes.Add(box);
            var refIds = panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("refId").GetString()).ToList();
            Assert.NotEmpty(refIds);
            Assert.Equal(refIds.Count, refIds.Distinct().Count());
        }
    }

    [Fact]
    public void Every_data_source_the_dashboard_names_is_provisioned_with_that_uid_and_type()
    {
        var provisioned = Yaml.Load(RepoFiles.Read("deploy", "grafana", "provisioning", "datasources", "mik.yml"))
            .Items("datasources").ToDictionary(d => d.Text("uid"), d => d.Text("type"));
        Assert.Equal("prometheus", provisioned[DeployQueries.PrometheusUid]);
        Assert.Equal("loki", provisioned["mik-loki"]);

        var references = new List<(string Uid, string Type)>();
        Collect(DeployQueries.Dashboard(), references);
        Assert.Contains(references, r => r.Type == "prometheus");
        Assert.Contains(references, r => r.Type == "loki");
        foreach (var (uid, type) in references)
        {
            Assert.True(provisioned.TryGetValue(uid, out var provisionedType), $"data source uid '{uid}' is not in deploy/grafana/provisioning/datasources");
            Assert.Equal(provisionedType, type);
        }
    }

    [Fact]
    public void Every_variable_a_query_uses_is_defined_and_the_logs_panel_filters_by_module_and_trace_id()
    {
        var dashboard = DeployQueries.Dashboard();
        var defined = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Select(v => v.GetProperty("name").GetString()!).ToHashSet();
        Assert.Superset(new HashSet<string>(["instance", "module", "trace_id"]), defined);
        var panels = dashboard.GetProperty("panels").EnumerateArray().ToList();
        foreach (var expr in panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!))
        {
            foreach (Match used in VariablePattern().Matches(expr))
            {
                var name = used.Groups["name"].Value;
                Assert.True(defined.Contains(name) || BuiltInVariables.Contains(name), $"${name} in '{expr}' is not a variable of the dashboard");
            }
        }
        var logs = Assert.Single(panels, p => p.GetProperty("type").GetString() == "logs");
        var logQuery = Assert.Single(logs.GetProperty("targets").EnumerateArray()).GetProperty("expr").GetString()!;
        Assert.StartsWith("{app=\"mik\"}", logQuery);   // the stream label mik's Loki sink sets (docs/operations.md)
        Assert.Contains("$module", logQuery);
        Assert.Contains("span_trace_id", logQuery);     // `| json` flattens span.trace_id
        Assert.Contains("$trace_id", logQuery);
    }

    [Fact]
    public void The_dashboard_provider_reads_the_folder_docker_compose_mounts_the_dashboards_at()
    {
        var path = Yaml.Load(RepoFiles.Read("deploy", "grafana", "provisioning", "dashboards", "mik.yml"))
            .Items("providers").Single().Text("options", "path");
        var grafana = Yaml.Load(RepoFiles.Read("docker-compose.yml")).At("services", "grafana");
        var volumes = grafana.Items("volumes").Select(v => v.Text()).ToList();
        Assert.Contains($"./deploy/grafana/dashboards:{path}:ro", volumes);
        Assert.Contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro", volumes);
    }

    [Fact]
    public async Task Every_Prometheus_query_of_the_dashboard_parses_as_PromQL()
    {
        // promtool parses the queries as recording rules, with the dashboard's variables as Grafana would fill them in.
        var queries = DeployQueries.FromDashboard().ToList();
        Assert.True(queries.Count >= 15, $"{queries.Count} queries");
        var rules = new System.Text.StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        foreach (var (query, i) in queries.Select((q, i) => (q, i)))
        {
            var expr = query.Expr.Replace("$__rate_interval", "1m", StringComparison.Ordinal)
                .Replace("$instance", ".*", StringComparison.Ordinal).Replace("$module", ".*", StringComparison.Ordinal);
            if (expr.StartsWith("label_values(", StringComparison.Ordinal)) expr = expr["label_values(".Length..expr.LastIndexOf(',')];
            rules.Append(System.Globalization.CultureInfo.InvariantCulture, $"      - record: dashboard_query_{i}\n        expr: {JsonSerializer.Serialize(expr)}\n");
        }
        var file = Path.Combine(Path.GetTempPath(), $"mik-dashboard-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, rules.ToString(), TestContext.Current.CancellationToken);
        try
        {
            var result = await Tool.RunAsync("promtool", ["check", "rules", file]);
            Assert.True(result.ExitCode == 0, result.Output + "\n" + rules);
            Assert.Contains($"SUCCESS: {queries.Count} rules found", result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Collect(JsonElement element, List<(string, string)> references)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("datasource", out var ds) && ds.ValueKind == JsonValueKind.Object)
                references.Add((ds.GetProperty("uid").GetString()!, ds.GetProperty("type").GetString()!));
            foreach (var property in element.EnumerateObject()) Collect(property.Value, references);
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Collect(item, references);
        }
    }

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
