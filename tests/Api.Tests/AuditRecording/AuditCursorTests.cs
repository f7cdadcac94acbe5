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
}
