using System.Security.Cryptography;
using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;
using Npgsql;

namespace Mik.Durable.Api.Tests.ModuleChanges;

/// <summary>Store mode: a deployment's bytes, kept versions and notification commit with its event.</summary>
public sealed class ModuleBytesStoreTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly MikConfig _config = new() { Database = { Schema = TestDatabase.NewSchema() }, Cluster = { KeepVersions = 2 } };
    private DocumentStore _store = null!;
    private ModuleBytesStore _bytes = null!;
    private ModuleAuditLog _log = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await TestEventStore.CreateAsync(_config.Database.Schema);
        _bytes = new ModuleBytesStore(new EventStoreConnection(TestDatabase.ConnectionString, IsEmbedded: false), _config);
        _log = new ModuleAuditLog(_store, TimeProvider.System, _bytes, _config);
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private static (byte[] Bytes, string Sha) Module(byte fill) =>
        (Enumerable.Repeat(fill, 1000).ToArray(), Convert.ToHexStringLower(SHA256.HashData(Enumerable.Repeat(fill, 1000).ToArray())));

    private Task<ModuleChange> DeployAsync(string name, (byte[] Bytes, string Sha) module) =>
        _log.DeployAsync(name, module.Sha, module.Bytes.Length, DeploySources.Api, "ops", null, Ct, bytes: module.Bytes);

    [Fact]
    public async Task A_deployment_stores_its_bytes_and_numbers_its_version()
    {
        var one = Module(1);
        await DeployAsync("hello", one);

        Assert.Equal(one.Bytes, await _bytes.FetchAsync(one.Sha, Ct));
        var kept = Assert.Single(await _bytes.KeptVersionsAsync("hello", Ct));
        Assert.Equal((1, one.Sha, 1000L, DeploySources.Api), (kept.Version, kept.Sha256, kept.SizeBytes, kept.Source));
        Assert.Null(await _bytes.FetchAsync(Module(9).Sha, Ct));
    }

    [Fact]
    public async Task Only_keep_versions_are_kept_the_older_bytes_go_and_their_events_stay()
    {
        var (one, two, three) = (Module(1), Module(2), Module(3));
        await DeployAsync("hello", one);
        await DeployAsync("hello", two);
        await DeployAsync("hello", three);

        Assert.Equal([3, 2], (await _bytes.KeptVersionsAsync("hello", Ct)).Select(v => v.Version));
        Assert.Null(await _bytes.FetchAsync(one.Sha, Ct));
        await using var session = _store.QuerySession();
        Assert.Equal(3, (await session.Events.FetchStreamAsync("module:hello", token: Ct)).Count);
    }

    [Fact]
    public async Task Bytes_another_module_still_keeps_are_not_deleted()
    {
        var shared = Module(7);
        await DeployAsync("a", shared);
        await DeployAsync("b", shared);
        await DeployAsync("b", Module(2));
        await DeployAsync("b", Module(3));

        Assert.Equal(shared.Bytes, await _bytes.FetchAsync(shared.Sha, Ct));
    }

    [Fact]
    public async Task Bytes_that_do_not_hash_to_their_sha256_are_refused()
    {
        var one = Module(1);
        await DeployAsync("hello", one);
        await using (var db = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await db.OpenAsync(Ct);
            await using var corrupt = new NpgsqlCommand(
                $"update {_config.Database.Schema}.mik_module_bytes set bytes = $1 where sha256 = $2", db);
            corrupt.Parameters.AddWithValue(Module(2).Bytes);
            corrupt.Parameters.AddWithValue(one.Sha);
            await corrupt.ExecuteNonQueryAsync(Ct);
        }

        await Assert.ThrowsAsync<ModuleBytesMismatchException>(() => _bytes.FetchAsync(one.Sha, Ct));
    }

    [Fact]
    public async Task A_deployment_notifies_the_cluster_channel_when_it_commits()
    {
        await using var listener = new NpgsqlConnection(TestDatabase.ConnectionString);
        await listener.OpenAsync(Ct);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => heard.TrySetResult(e.Channel + " " + e.Payload);
        await using (var listen = new NpgsqlCommand($"listen {_bytes.Channel}", listener)) await listen.ExecuteNonQueryAsync(Ct);

        await DeployAsync("hello", Module(1));
        await listener.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal($"{_bytes.Channel} hello", await heard.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct));
    }
}
