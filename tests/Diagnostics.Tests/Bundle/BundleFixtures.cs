using System.Text;
using Mik.Durable.Diagnostics.Bundle;
using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Tests.Bundle;

/// <summary>Evidence and contexts for the bundle tests, made by hand as the collectors would make them.</summary>
internal static class BundleFixtures
{
    public static readonly DateTimeOffset At = new(2026, 12, 2, 20, 0, 0, TimeSpan.Zero);

    public static Evidence Evidence(params (string Path, string Text)[] files) => new(
        files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Text), StringComparer.Ordinal),
        [new CollectorStatus("fake", CollectorStatus.Ok, null, 12, [.. files.Select(f => f.Path)])]);

    public static BundleInfo Info(string host = "box1") => new("0.1.0", "50.0.1", "10.0.0 (linux-x64)", host, "mik diag bundle",
        new BundleWindow(At.AddHours(-1), At), new BundleWindow(At, At.AddSeconds(2)));

    public static PreparedBundle Prepare(Evidence evidence, SecretScanner? secrets = null, IReadOnlyList<string>? hosts = null,
        BundleLimits? limits = null, IEnumerable<ICheck>? checks = null) =>
        BundleBuilder.Prepare(evidence, checks ?? [], Info(), secrets ?? new SecretScanner([]), hosts, limits ?? new BundleLimits(), At);

    public static CollectContext Context(MikConfig config, string apiKey = "") => new()
    {
        Config = new LoadedConfig(config, null, []),
        RuntimeUrl = new Uri("http://127.0.0.1:1/"),
        AdminUrl = new Uri("http://127.0.0.1:2/"),
        ApiKey = apiKey,
        Since = At.AddHours(-1),
        Until = At,
    };

    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mik-bundle-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>A check that reads one file, so the doctor's verdicts depend on the bundle's content.</summary>
    public sealed class FileCheck(string path) : ICheck
    {
        public string Id => "test.file";
        public string Title => "the test file says ok";

        public IEnumerable<CheckResult> Run(Evidence evidence)
        {
            var text = evidence.Text(path);
            yield return text is null
                ? new CheckResult(Id, Title, Verdict.Skip, $"no {path}", [])
                : new CheckResult(Id, Title, text.Contains("ok", StringComparison.Ordinal) ? Verdict.Ok : Verdict.Fail, "read it", [text.Trim()], "fix the file");
        }
    }
}
