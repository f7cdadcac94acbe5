using Mik.Durable.Api.Admin.Audit;
using Mik.Durable.Api.Admin.Modules;
using Mik.Durable.Api.AuditRecording;

namespace Mik.Durable.Api.Tests.AuditRecording;

public sealed class AuditCursorTests
{
    [Fact]
    public void A_cursor_reads_back_what_it_was()
    {
        var cursor = new AuditCursor(DateTimeOffset.Parse("2026-11-20T08:00:00.123456Z"), 42);
        Assert.True(AuditCursor.TryParse(cursor.ToString(), out var back));
        Assert.Equal(cursor, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("12-")]
    [InlineData("-5")]
    [InlineData("99999999999999999999-1")]
    public void A_cursor_that_was_not_handed_out_is_refused(string text) => Assert.False(AuditCursor.TryParse(text, out _));

    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-20T08:00:00.123456Z");

    private static bool AuditTakes(QueryAudit query) =>
        !new QueryAuditValidator(TimeProvider.System).Validate(query).Errors.Any(e => e.PropertyName == nameof(QueryAudit.After));

    [Fact]
    public void A_next_of_one_query_is_refused_by_another()
    {
        // AuditCursorProperties: a page of /audit?module=hello handed out a cursor /audit?module=trap took, and went
        // on from hello's position in trap's events.
        var hello = new QueryAudit(null, "hello", null, null, null, null);
        var trap = hello with { Module = "trap" };
        var next = new AuditCursor(At, 42, hello.Scope).ToString();

        Assert.True(AuditTakes(hello with { After = next }));
        Assert.False(AuditTakes(trap with { After = next }));
        Assert.False(new ModuleHistoryValidator().Validate(new ModuleHistory("hello", null, next)).IsValid);
    }

    [Fact]
    public void Another_spelling_of_a_next_is_refused()
    {
        // AuditCursorProperties: "0" + next was taken as the same cursor.
        var query = new QueryAudit(null, null, "1h", null, null, null);
        var next = new AuditCursor(At, 42, query.Scope).ToString();

        Assert.False(AuditTakes(query with { After = "0" + next }));
        Assert.False(AuditTakes(query with { After = next.ToUpperInvariant() }));
        Assert.False(AuditTakes(query with { After = next[..next.LastIndexOf('-')] }));
    }
}
