using System.Text;
using System.Text.Json;
using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Tests.Data;

/// <summary>Temp folders, contexts and hand-made evidence for the data collectors and checks.</summary>
internal static class DataTestSupport
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mik-diag-data-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A config on <paramref name="root"/>: modules in root/modules, state in root/state; admin on a port where nothing listens.</summary>
    public static MikConfig Config(string root)
    {
        var config = new MikConfig();
        config.Server.Modules = Path.Combine(root, "modules");
        config.State.Dir = Path.Combine(root, "state");
        config.Admin.Port = 1;
        return config;
    }

    public static CollectContext Context(MikConfig config, string? source = null, Func<CancellationToken, Task<string?>>? store = null,
        IReadOnlyList<ConfigProblem>? problems = null, int logLines = 100, DateTimeOffset? since = null, DateTimeOffset? until = null,
        IReadOnlyDictionary<string, string>? migrations = null) => new()
    {
        Config = new LoadedConfig(config, source, []),
        ConfigProblems = problems ?? [],
        RuntimeUrl = new Uri("http://127.0.0.1:1/"),
        AdminUrl = new Uri($"http://127.0.0.1:{config.Admin.Port}/"),
        Since = since ?? DateTimeOffset.UtcNow.AddHours(-1),
        Until = until ?? DateTimeOffset.UtcNow.AddMinutes(1),
        LogLines = logLines,
        EventStoreConnection = store ?? (_ => Task.FromResult<string?>(null)),
        EventStoreUnavailableReason = "the embedded PostgreSQL is not running (it runs while mik serve does)",
        ShippedMigrations = migrations ?? new Dictionary<string, string>(),
    };

    /// <summary>Runs one collector as the doctor does and returns what it left.</summary>
    public static Task<Evidence> CollectAsync(ICollector collector, CollectContext context) =>
        CollectorRunner.RunAsync([collector], context, cancellationToken: Ct);

    public static Evidence EvidenceOf(params (string Path, object Content)[] files) =>
        new(files.ToDictionary(f => f.Path, f => f.Content is string s
            ? Encoding.UTF8.GetBytes(s)
            : JsonSerializer.SerializeToUtf8Bytes(f.Content, f.Content.GetType(), EvidenceJson.Options)), []);

    public static CheckResult Single(ICheck check, Evidence evidence) => Assert.Single(check.Run(evidence).ToList());

    public static byte[] CoreModule => [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    public static byte[] Component => [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
}
