using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>
/// scripts/check-deploy.sh: the owners' validators accept deploy/ and docker-compose.yml (promtool check config,
/// check rules and the alert unit tests; docker-compose config; systemd-analyze verify with ExecStart at the
/// published binary), and the script fails when one of them complains.
/// </summary>
public sealed class CheckDeployTests
{
    private static string Script => RepoFiles.PathOf("scripts", "check-deploy.sh");

    [Fact]
    public async Task Every_validator_accepts_the_deploy_files()
    {
        var result = await Tool.RunAsync(Script, [MikBinary.Path]);
        Assert.True(result.ExitCode == 0, result.Output);
        foreach (var check in new[]
                 {
                     "ok    promtool check config deploy/prometheus/prometheus.yml",
                     "ok    promtool check rules deploy/prometheus/rules/*.yml",
                     "ok    promtool test rules deploy/prometheus/tests/*.yml",
                     "ok    docker-compose config docker-compose.yml",
                     "ok    systemd-analyze verify deploy/systemd/mik.service",
                 })
            Assert.Contains(check, result.Output);
        Assert.EndsWith("check-deploy: all checks passed\n", result.Output);
    }

    [Fact]
    public async Task The_script_fails_and_names_the_check_when_the_unit_cannot_start_its_binary()
    {
        var result = await Tool.RunAsync(Script, ["/nonexistent/mik"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL  systemd-analyze verify deploy/systemd/mik.service", result.Output);
        Assert.Contains("/nonexistent/mik is not an executable file", result.Output);
        Assert.Contains("check(s) failed", result.Output);
    }

    [Fact]
    public void Every_alert_links_to_a_runbook_section_and_has_a_firing_and_a_quiet_promtool_test()
    {
        var rules = Yaml.Load(RepoFiles.Read("deploy", "prometheus", "rules", "mik-alerts.yml")).Items("groups").SelectMany(g => g.Items("rules")).ToList();
        Assert.Equal(9, rules.Count);
        var evals = Directory.GetFiles(RepoFiles.PathOf("deploy", "prometheus", "tests"), "*.yml")
            .SelectMany(f => Yaml.Load(File.ReadAllText(f)).Items("tests"))
            .SelectMany(t => t.Items("alert_rule_test"))
            .Select(e => (Alert: e.Text("alertname"), Fires: e.Items("exp_alerts").Any()))
            .ToList();
        foreach (var alert in rules.Select(r => r.Text("alert")))
        {
            Assert.Contains((alert, true), evals);
            Assert.Contains((alert, false), evals);
        }
        foreach (var rule in rules) Assert.Matches(@"^docs/runbook\.md#[a-z-]+$", rule.Text("annotations", "runbook_url"));
    }

    [Fact]
    public void Every_runbook_link_of_the_alerts_names_a_section_of_docs_runbook_md()
    {
        var runbook = RepoFiles.PathOf("docs", "runbook.md");
        // GitHub's anchors: the heading in lower case, punctuation dropped, spaces as hyphens.
        var anchors = File.ReadAllLines(runbook).Where(l => l.StartsWith('#'))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l.TrimStart('#').Trim().ToLowerInvariant(), @"[^a-z0-9 _-]", "").Replace(' ', '-'))
            .ToHashSet();
        var links = Yaml.Load(RepoFiles.Read("deploy", "prometheus", "rules", "mik-alerts.yml")).Items("groups")
            .SelectMany(g => g.Items("rules")).Select(r => r.Text("annotations", "runbook_url"));
        foreach (var link in links) Assert.True(anchors.Contains(link.Split('#')[1]), $"{link}: no such heading in docs/runbook.md");
    }
}
