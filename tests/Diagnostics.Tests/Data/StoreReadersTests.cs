using System.Text.Json;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data.Live;
using Mik.Durable.Diagnostics.Data.Store;
using static Mik.Durable.Diagnostics.Tests.Data.DataTestSupport;

namespace Mik.Durable.Diagnostics.Tests.Data;

/// <summary>The audit, instances and circuits collectors with mik stopped: straight from the store, or skipped saying why.</summary>
public sealed class StoreReadersTests
{
    [Fact]
    public async Task With_mik_stopped_the_audit_events_of_the_window_come_from_the_store_oldest_first_field_by_field()
    {
        var schema = TestStore.NewSchema();
        await TestStore.ExecuteAsync($$"""
            CREATE SCHEMA {{schema}};
            CREATE TABLE {{schema}}.mt_events (seq_id bigint PRIMARY KEY, id uuid, stream_id text, version bigint, data jsonb, type text,
              timestamp timestamptz, tenant_id text, mt_dotnet_type text, is_archived bool);
            INSERT INTO {{schema}}.mt_events (seq_id, stream_id, data, type, timestamp, mt_dotnet_type) VALUES
              (1, 'module:old', '{"module":"old"}', 'module_deployed', now() - interval '3 hours', 'X'),
              (2, 'module:hello', '{"module":"hello","actor":"admin"}', 'module_deployed', now() - interval '20 minutes', 'X'),
              (3, 'breaker:hello', '{"module":"hello"}', 'circuit_opened', now() - interval '10 minutes', 'X');
            """);
        var config = Config(TempDir());
        config.Database.Schema = schema;

        var evidence = await CollectAsync(new AuditCollector(), Context(config, store: _ => Task.FromResult<string?>(TestStore.ConnectionString)));

        var lines = evidence.Text("audit/events.jsonl")!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([2L, 3L], lines.Select(l => l.GetProperty("seq").GetInt64()));
        Assert.Equal(["module_deployed", "circuit_opened"], lines.Select(l => l.GetProperty("type").GetString()));
        Assert.Equal("admin", lines[0].GetProperty("data").GetProperty("actor").GetString());
        Assert.Equal(["seq", "type", "stream", "timestamp", "data"], lines[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task With_mik_stopped_and_no_store_audit_and_instances_are_skipped_with_the_reason_and_circuits_need_the_live_server()
    {
        var context = Context(Config(TempDir()));

        var evidence = await CollectorRunner.RunAsync([new AuditCollector(), new InstancesCollector(), new CircuitsCollector()], context, cancellationToken: Ct);

        foreach (var name in new[] { "audit", "instances" })
        {
            var status = evidence.Collector(name)!;
            Assert.Equal(CollectorStatus.Skipped, status.Status);
            Assert.Contains("the embedded PostgreSQL is not running", status.Reason, StringComparison.Ordinal);
        }
        var circuits = evidence.Collector("circuits")!;
        Assert.Equal((CollectorStatus.Skipped, StoppedReason.Of(context)), (circuits.Status, circuits.Reason));
    }

    [Fact]
    public async Task With_mik_stopped_the_instances_come_from_the_projection_and_heartbeats_in_the_store()
    {
        var schema = TestStore.NewSchema();
        await TestStore.ExecuteAsync($$"""
            CREATE SCHEMA {{schema}};
            CREATE TABLE {{schema}}.mt_doc_instanceview (id text PRIMARY KEY, data jsonb);
            CREATE TABLE {{schema}}.mt_doc_instanceheartbeat (id text PRIMARY KEY, data jsonb);
            INSERT INTO {{schema}}.mt_doc_instanceview VALUES ('instance:a1', '{"id":"instance:a1","instance_id":"a1","host":"web1","pid":42,"ports":[3000,9919],"version":"1.0","started_at":"2026-12-02T10:00:00Z"}');
            INSERT INTO {{schema}}.mt_doc_instanceheartbeat VALUES ('a1', '{"id":"a1","last_seen":"2026-12-02T10:05:00Z"}');
            """);
        var config = Config(TempDir());
        config.Database.Schema = schema;

        var evidence = await CollectAsync(new InstancesCollector(), Context(config, store: _ => Task.FromResult<string?>(TestStore.ConnectionString)));

        var json = evidence.Json("instances.json")!.Value;
        Assert.Equal("event_store", json.GetProperty("source").GetString());
        var instance = Assert.Single(json.GetProperty("instances").EnumerateArray().ToList());
        Assert.Equal(("a1", "web1", "2026-12-02T10:05:00Z"),
            (instance.GetProperty("id").GetString(), instance.GetProperty("host").GetString(), instance.GetProperty("last_seen").GetString()));
    }
}
