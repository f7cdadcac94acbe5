using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Domain.Membership;

namespace Mik.Durable.Api.Tests.AuditRecording;

public sealed class AuditSpoolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-spool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static AuditRecord Stopped(int n) =>
        AuditRecord.New(new InstanceStopped("i-" + n, DateTimeOffset.Parse("2026-11-28T12:00:00Z"), "sigterm"));

    [Fact]
    public void Records_come_back_as_they_were_spooled_across_a_reopen()
    {
        var records = Enumerable.Range(0, 5).Select(Stopped).ToList();
        using (var spool = new AuditSpool(_dir, 1024 * 1024)) Assert.Equal(5, spool.Append(records));

        using var reopened = new AuditSpool(_dir, 1024 * 1024);
        Assert.Equal(5, reopened.PendingLines);
        var chunk = reopened.Read(100);
        Assert.Equal(records, chunk.Records);
    }

    [Theory]
    [InlineData("not-wasm", "module:not-wasm")]
    [InlineData("a\\nb", "module:_rejected")]
    [InlineData("UPPER", "module:_rejected")]
    public void A_refused_upload_replayed_from_the_spool_lands_on_the_stream_it_was_recorded_for(string name, string stream)
    {
        var refused = AuditRecord.New(new ModuleRejected(ModuleName.ForRecord(name), DateTimeOffset.UnixEpoch, "not a WebAssembly module", "api@127.0.0.1"));
        Assert.Equal(stream, refused.Event.Stream);

        var replayed = SpoolRecordCodec.Decode(SpoolRecordCodec.Encode(refused).AsSpan()[..^1]);

        Assert.Equal(stream, replayed!.Event.Stream);
    }

    [Fact]
    public void A_line_cut_short_by_a_crash_is_trimmed_when_the_spool_opens()
    {
        using (var spool = new AuditSpool(_dir, 1024 * 1024)) spool.Append([Stopped(1), Stopped(2)]);
        File.AppendAllText(Path.Combine(_dir, "events.jsonl"), "{\"id\":\"0195");

        using var reopened = new AuditSpool(_dir, 1024 * 1024);
        Assert.Equal(2, reopened.PendingLines);
        Assert.Equal(2, reopened.Read(100).Records.Count);
        reopened.Append([Stopped(3)]);
        Assert.Equal(["i-1", "i-2", "i-3"], reopened.Read(100).Records.Select(r => ((InstanceStopped)r.Event).InstanceId));
    }

    [Fact]
    public void The_cursor_survives_a_reopen_and_an_emptied_spool_removes_its_files()
    {
        using (var spool = new AuditSpool(_dir, 1024 * 1024))
        {
            spool.Append([Stopped(1), Stopped(2), Stopped(3)]);
            spool.Commit(spool.Read(2));
        }
        using var reopened = new AuditSpool(_dir, 1024 * 1024);
        var rest = reopened.Read(100);
        Assert.Equal("i-3", ((InstanceStopped)Assert.Single(rest.Records).Event).InstanceId);
        reopened.Commit(rest);
        Assert.False(reopened.HasPending);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_full_spool_keeps_the_oldest_events_and_refuses_the_rest()
    {
        var line = SpoolRecordCodec.Encode(Stopped(0)).Length;
        using var spool = new AuditSpool(_dir, line * 3 + 1);
        Assert.Equal(3, spool.Append([.. Enumerable.Range(0, 5).Select(Stopped)]));
        Assert.Equal(0, spool.Append([Stopped(9)]));
        Assert.Equal(["i-0", "i-1", "i-2"], spool.Read(100).Records.Select(r => ((InstanceStopped)r.Event).InstanceId));
    }

    [Fact]
    public void An_unreadable_line_is_counted_and_skipped_not_a_wall()
    {
        using (var spool = new AuditSpool(_dir, 1024 * 1024)) spool.Append([Stopped(1)]);
        File.AppendAllText(Path.Combine(_dir, "events.jsonl"), "not json\n");
        using (var spool = new AuditSpool(_dir, 1024 * 1024)) spool.Append([Stopped(2)]);

        using var reopened = new AuditSpool(_dir, 1024 * 1024);
        var chunk = reopened.Read(100);
        Assert.Equal(1, chunk.Unreadable);
        Assert.Equal(3, chunk.Lines);
        Assert.Equal(2, chunk.Records.Count);
    }
}
