using YamlDotNet.RepresentationModel;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>deploy/k8s parses as Kubernetes objects and carries what the runbook and an SRE rely on.</summary>
public sealed class KubernetesManifestTests
{
    private static Dictionary<string, YamlMappingNode> Objects() =>
        Directory.GetFiles(RepoFiles.PathOf("deploy", "k8s"), "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(f => Yaml.Documents(File.ReadAllText(f)))
            .ToDictionary(o => o.Text("kind"));

    private static YamlNode MikContainer() =>
        Objects()["Deployment"].Items("spec", "template", "spec", "containers").Single(c => c.Text("name") == "mik");

    [Fact]
    public void The_manifests_are_a_Deployment_Service_ConfigMap_PodDisruptionBudget_and_HorizontalPodAutoscaler_listed_in_the_kustomization()
    {
        var objects = Objects();
        Assert.Equal(["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service"], objects.Keys.Order(StringComparer.Ordinal));
        foreach (var (kind, o) in objects)
        {
            Assert.False(string.IsNullOrEmpty(o.Text("apiVersion")), kind);
            Assert.Equal("mik", o.Text("metadata", "name").Replace("-config", "", StringComparison.Ordinal));
        }
        var listed = Yaml.Load(RepoFiles.Read("deploy", "k8s", "kustomization.yaml")).Items("resources").Select(r => r.Text()).Order(StringComparer.Ordinal);
        var files = Directory.GetFiles(RepoFiles.PathOf("deploy", "k8s"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal);
        Assert.Equal(files, listed);
        Assert.DoesNotContain(objects.Keys, k => k == "Secret");
    }

    [Fact]
    public void The_probes_are_the_runbooks_health_checks_on_port_3000()
    {
        var mik = MikContainer();
        // docs/runbook.md, Kubernetes probes: exactly these.
        Assert.Equal(("/health", "3000", "5", "10"), Probe(mik, "livenessProbe"));
        Assert.Equal(("/health", "3000", "5", "5"), Probe(mik, "readinessProbe"));
    }

    [Fact]
    public void The_key_and_the_database_url_come_from_a_Secret_and_the_pod_runs_as_a_non_root_user()
    {
        var mik = MikContainer();
        var env = mik.Items("env").ToDictionary(e => e.Text("name"));
        foreach (var name in new[] { "MIK_API_KEY", "MIK_DATABASE_URL" })
        {
            Assert.False(env[name].Has("value"), $"{name} must not be written into the manifest");
            Assert.Equal("mik", env[name].Text("valueFrom", "secretKeyRef", "name"));
        }
        var pod = Objects()["Deployment"].At("spec", "template", "spec");
        Assert.Equal("true", pod.Text("securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", pod.Text("securityContext", "runAsUser"));
        Assert.Equal("false", mik.Text("securityContext", "allowPrivilegeEscalation"));
        Assert.False(string.IsNullOrEmpty(mik.Text("resources", "requests", "cpu")));   // the HPA's utilisation is relative to it
        Assert.False(string.IsNullOrEmpty(mik.Text("resources", "limits", "memory")));
        var toml = Objects()["ConfigMap"].Text("data", "mik.toml");
        Assert.Contains("port = 3000", toml);
        Assert.DoesNotContain("url =", toml);   // PostgreSQL is external, its URL (with a password) only in the Secret
    }

    [Fact]
    public void The_service_PDB_and_HPA_point_at_the_Deployment()
    {
        var objects = Objects();
        var podLabels = objects["Deployment"].At("spec", "template", "metadata", "labels");
        Assert.Equal(podLabels.Text("app.kubernetes.io/name"), objects["Service"].Text("spec", "selector", "app.kubernetes.io/name"));
        Assert.Equal(podLabels.Text("app.kubernetes.io/name"), objects["PodDisruptionBudget"].Text("spec", "selector", "matchLabels", "app.kubernetes.io/name"));
        Assert.Equal("1", objects["PodDisruptionBudget"].Text("spec", "minAvailable"));
        var hpa = objects["HorizontalPodAutoscaler"].At("spec");
        Assert.Equal(("Deployment", "mik"), (hpa.Text("scaleTargetRef", "kind"), hpa.Text("scaleTargetRef", "name")));
        Assert.True(int.Parse(hpa.Text("minReplicas"), System.Globalization.CultureInfo.InvariantCulture) >= 2, "one pod alone cannot be drained under the PDB");
        Assert.Equal("3000", objects["Service"].Items("spec", "ports").Single().Text("port"));
    }

    private static (string, string, string, string) Probe(YamlNode container, string probe) =>
        (container.Text(probe, "httpGet", "path"), container.Text(probe, "httpGet", "port"),
            container.Text(probe, "initialDelaySeconds"), container.Text(probe, "periodSeconds"));
}
