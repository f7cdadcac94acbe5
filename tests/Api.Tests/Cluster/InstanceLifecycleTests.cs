using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Domain.Membership;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Tests.Cluster;

public sealed class InstanceLifecycleTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Secret = "tok-Secret-9z";
    private const string Password = "pw-Secret-7q";
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mik-state-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T10:00:00Z"));

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    private MikConfig Config(int port = 3000, string token = Secret, string password = Password)
    {
        var config = new MikConfig();
        config.Server.Port = port;
        config.Admin.Port = 9919;
        config.Admin.ApiKey = "admin-key-never-hashed";
        config.State.Dir = _stateDir;
        config.Database.Url = $"postgres://mik:{password}@db.internal:5432/mik";
        config.Logging.LokiUrl = $"http://mik:{password}@loki.internal:3100";
        config.Modules["m"] = new ModuleOptions { Env = { ["TOKEN"] = token } };
        return config;
    }

    /// <summary>One process lifetime: start, then stop; returns what it recorded.</summary>
    private async Task<IReadOnlyList<object>> RunAsync(MikConfig config)
    {
        var audit = new RecordingAuditTrail();
        using var lifecycle = new InstanceLifecycle(InstanceIdentity.LoadOrCreate(_stateDir), config, audit, _time, NullLoggerFactory.Instance);
        await lifecycle.StartingAsync(Ct);
        await lifecycle.StartAsync(Ct);
        await lifecycle.StartedAsync(Ct);
        _time.Advance(TimeSpan.FromMinutes(5));
        await lifecycle.StopAsync(Ct);
        return [.. audit.Events];
    }

    [Fact]
    public async Task A_run_records_its_start_and_its_stop_in_the_instance_stream()
    {
        var config = Config();
        var events = await RunAsync(config);

        var id = InstanceIdentity.LoadOrCreate(_stateDir).Id;
        Assert.Equal(2, events.Count);
        var started = Assert.IsType<InstanceStarted>(events[0]);
        Assert.Equal(("instance:" + id, id, Environment.ProcessId, Environment.MachineName), (started.Stream, started.InstanceId, started.Pid, started.Host));
        Assert.Equal([3000, 9919], started.Ports);
        Assert.Equal(MikVersion.Current, started.Version);
        Assert.Equal(ConfigFingerprint.Of(config).Sha256, started.ConfigSha256);
        Assert.Equal(DateTimeOffset.Parse("2026-11-28T10:00:00Z"), started.At);
        var stopped = Assert.IsType<InstanceStopped>(events[1]);
        Assert.Equal((id, "shutdown", DateTimeOffset.Parse("2026-11-28T10:05:00Z")), (stopped.InstanceId, stopped.Reason, stopped.At));
    }

    [Fact]
    public async Task ConfigChanged_is_recorded_only_when_the_configuration_differs_and_names_keys_never_values()
    {
        var first = await RunAsync(Config());
        var same = await RunAsync(Config());
        Assert.DoesNotContain(first, e => e is ConfigChanged);
        Assert.DoesNotContain(same, e => e is ConfigChanged);

        var changed = await RunAsync(Config(port: 3100, token: Secret + "-rotated", password: Password + "-rotated"));
        var change = Assert.Single(changed.OfType<ConfigChanged>());
        Assert.Equal(["modules.m.env.TOKEN", "server.port"], change.ChangedKeys);
        Assert.Equal(ConfigFingerprint.Of(Config()).Sha256, change.OldSha256);
        Assert.Equal(((InstanceStarted)changed[0]).ConfigSha256, change.NewSha256);
        Assert.NotEqual(change.OldSha256, change.NewSha256);

        var snapshot = await File.ReadAllTextAsync(Path.Combine(_stateDir, ConfigSnapshotFile.FileName), Ct);
        var recorded = JsonSerializer.Serialize<object[]>([.. first, .. same, .. changed]);
        foreach (var text in new[] { snapshot, recorded })
        {
            Assert.DoesNotContain(Secret, text);
            Assert.DoesNotContain(Password, text);
            Assert.DoesNotContain("admin-key-never-hashed", text);
            Assert.DoesNotContain("db.internal", text);
        }
        using var json = JsonDocument.Parse(snapshot);
        Assert.Equal(change.NewSha256, json.RootElement.GetProperty("sha256").GetString());
        Assert.Contains("server.port", json.RootElement.GetProperty("keys").EnumerateObject().Select(p => p.Name));
        Assert.All(json.RootElement.GetProperty("keys").EnumerateObject(), p => Assert.Matches("^[0-9a-f]{64}$", p.Value.GetString()!));
        Assert.DoesNotContain(json.RootElement.GetProperty("keys").EnumerateObject(), p => p.Name.Contains("api_key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_damaged_snapshot_is_replaced_without_a_ConfigChanged()
    {
        await File.WriteAllTextAsync(Path.Combine(_stateDir, ConfigSnapshotFile.FileName), "{ not json", Ct);
        var events = await RunAsync(Config());

        Assert.DoesNotContain(events, e => e is ConfigChanged);
        Assert.Equal(ConfigFingerprint.Of(Config()).Sha256, ConfigSnapshotFile.Load(_stateDir)!.Sha256);
    }
}
