using System.Security.Cryptography;
using Marten;
using Mik.Durable.Api.Cluster.Convergence;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Tests.Cluster.Convergence;

/// <summary>What the module streams ask every instance to serve, read as a convergence pass reads it (real PostgreSQL).</summary>
public sealed class DesiredModulesTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly MikConfig _config = new() { Database = { Schema = TestDatabase.NewSchema() } };
    private DocumentStore _store = null!;
    private ModuleAuditLog _log = null!;
    private DesiredModules _desired = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await TestEventStore.CreateAsync(_config.Database.Schema);
        var connection = new EventStoreConnection(TestDatabase.ConnectionString, IsEmbedded: false);
        _log = new ModuleAuditLog(_store, TimeProvider.System, new ModuleBytesStore(connection, _config), _config);
        _desired = new DesiredModules(_store, connection, _config);
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private static (byte[] Bytes, string Sha) Module(byte fill)
    {
        var bytes = Enumerable.Repeat(fill, 100).ToArray();
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private Task DeployAsync(string name, (byte[] Bytes, string Sha) module) =>
        _log.DeployAsync(name, module.Sha, module.Bytes.Length, DeploySources.Api, "ops", null, Ct, bytes: module.Bytes);

    [Fact]
    public async Task Each_module_stream_asks_for_its_last_deployment_or_removal_and_refusals_ask_nothing()
    {
        var (one, two) = (Module(1), Module(2));
        await DeployAsync("kept", one);
        await DeployAsync("kept", two);
        await DeployAsync("gone", one);
        await _log.RemoveAsync("gone", "ops", "done", null, Ct);
        await using (var session = _store.LightweightSession())
        {
            session.Events.Append("module:refused", new ModuleRejected("refused", DateTimeOffset.UtcNow, "not a WebAssembly module", "ops"));
            session.Events.Append("module:_rejected", new ModuleRejected("../x", DateTimeOffset.UtcNow, "bad name", "ops"));
            await session.SaveChangesAsync(Ct);
        }

        var versions = await _desired.StreamVersionsAsync(Ct);

        Assert.Equal(new Dictionary<string, long> { ["kept"] = 2, ["gone"] = 2, ["refused"] = 1 }, versions);
        Assert.Equal(new StreamDesire(2, two.Sha, Changes: 2, Deployment: 2), await _desired.ReadAsync("kept", 2, Ct));
        Assert.True((await _desired.ReadAsync("gone", 2, Ct)).IsRemoval);
        Assert.True((await _desired.ReadAsync("refused", 1, Ct)).IsEmpty);
    }

    [Fact]
    public async Task A_stream_version_moves_with_every_change_so_a_pass_reads_again_what_changed()
    {
        await DeployAsync("hello", Module(1));
        var before = (await _desired.StreamVersionsAsync(Ct))["hello"];
        await DeployAsync("hello", Module(2));
        await DeployAsync("other", Module(3));

        var after = await _desired.StreamVersionsAsync(Ct);

        Assert.Equal(before + 1, after["hello"]);
        Assert.Equal(Module(2).Sha, (await _desired.ReadAsync("hello", after["hello"], Ct)).Sha256);
    }
}
