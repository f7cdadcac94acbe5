using CsCheck;
using FluentValidation;
using Mik.Durable.Api.Admin.Audit;
using Mik.Durable.Api.Admin.Modules;
using Mik.Durable.Api.AuditRecording;

namespace Mik.Durable.Api.Tests.Properties;

/// <summary>
/// The <c>after</c> parameter of <c>GET /audit</c> and <c>GET /modules/{name}/history</c> takes exactly the
/// <c>next</c> a page of the same query handed out: any other spelling, a cursor of another query and garbage are
/// a 400 naming <c>after</c> (docs/reliability.md, Property-based tests).
/// </summary>
public sealed class AuditCursorProperties
{
    internal const long Iterations = 5_000;

    private static readonly QueryAuditValidator AuditRules = new(TimeProvider.System);
    private static readonly ModuleHistoryValidator HistoryRules = new();

    private static readonly Gen<QueryAudit> Queries = Gen.Select(
            Gen.OneOf<string?>(null, "ModuleDeployed", "circuit_opened,AuthFailed", "AuthFailed,CircuitOpened"),
            Gen.OneOf<string?>(null, "hello", "trap"),
            Gen.OneOf<string?>(null, "1h", "2026-01-01T00:00:00Z"),
            Gen.OneOf<string?>(null, "10m"))
        .Select((type, module, since, until) => new QueryAudit(type, module, since, until, null, null));

    // What a page hands out: a time since 1970 in whole microseconds and a sequence.
    private static readonly Gen<(long Micros, long Sequence)> Positions = Gen.Select(Gen.Long[0, 253_402_300_799_999_999], Gen.Long[0, long.MaxValue]);

    private static readonly Gen<string> Garbage = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char["0123456789-abcdef "], 0, 40],
        Gen.Select(Gen.Long, Gen.Long, Gen.String[Gen.Char["0123456789abcdefABCDEF-"], 0, 10]).Select((a, b, c) => $"{a}-{b}-{c}"));

    [Fact]
    public void A_cursor_is_taken_by_its_own_query_only_and_in_its_own_spelling_only() =>
        Gen.Select(Queries, Queries, Positions, Gen.Int[0, 5], Gen.Int[0, 100]).Sample((mine, other, position, mutation, at) =>
        {
            var next = new AuditCursor(DateTimeOffset.UnixEpoch.AddTicks(position.Micros * 10), position.Sequence, mine.Scope).ToString();
            Assert.True(TakesAfter(mine, next), $"its own query refused '{next}'");
            if (other.Scope != mine.Scope) Assert.False(TakesAfter(other, next), $"another query took '{next}'");
            var respelled = Respell(next, mutation, at);
            if (respelled != next) Assert.False(TakesAfter(mine, respelled), $"'{respelled}' taken for '{next}'");
        }, iter: PropertyRuns.Iter(Iterations));

    [Fact]
    public void A_module_history_cursor_is_taken_by_that_module_only() =>
        Gen.Select(Gen.OneOf(Gen.Const("a"), Gen.Const("hello"), Gen.Const("trap")), Gen.OneOf(Gen.Const("a"), Gen.Const("hello"), Gen.Const("trap")), Positions)
            .Sample((mine, other, position) =>
            {
                var next = new AuditCursor(DateTimeOffset.UnixEpoch.AddTicks(position.Micros * 10), position.Sequence,
                    new ModuleHistory(mine, null, null).Scope).ToString();
                Assert.True(HistoryRules.Validate(new ModuleHistory(mine, null, next)).IsValid);
                Assert.Equal(mine == other, HistoryRules.Validate(new ModuleHistory(other, null, next)).IsValid);
                Assert.False(TakesAfter(new QueryAudit(null, mine, null, null, null, null), next), "an /audit query took a history cursor");
            }, iter: PropertyRuns.Iter(Iterations));

    [Fact]
    public void Garbage_is_refused_never_an_exception() =>
        Gen.Select(Queries, Garbage).Sample((query, garbage) =>
            Assert.False(TakesAfter(query, garbage), $"'{garbage}' taken"), iter: PropertyRuns.Iter(Iterations));

    private static bool TakesAfter(QueryAudit query, string after) =>
        !AuditRules.Validate(query with { After = after }).Errors.Any(e => e.PropertyName == nameof(QueryAudit.After));

    /// <summary>Another spelling of the same token: a leading zero, a plus sign, upper case, a scope character dropped or
    /// doubled, no scope.</summary>
    private static string Respell(string next, int mutation, int at)
    {
        // Within the scope (the last 8 characters): elsewhere a dropped digit is another position, not another spelling.
        var i = next.Length - 8 + at % 8;
        return mutation switch
        {
            0 => "0" + next,
            1 => "+" + next,
            2 => next.ToUpperInvariant(),
            3 => next.Remove(i, 1),
            4 => next.Insert(i, next[i].ToString()),
            _ => next[..next.LastIndexOf('-')],
        };
    }
}
