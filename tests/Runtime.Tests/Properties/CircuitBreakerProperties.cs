using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Mik.Durable.Domain.Breakers;
using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.Tests.Admission;

namespace Mik.Durable.Runtime.Tests.Properties;

/// <summary>
/// Any run of admissions, successes, failures, client aborts, operator resets and clock advances gives the same
/// answers, states, Retry-After values and transitions as <see cref="BreakerModel"/>, and the transitions form a
/// legal chain (docs/reliability.md, Property-based tests).
/// </summary>
public sealed class CircuitBreakerProperties
{
    internal const long Iterations = 3_000;

    private static readonly Gen<BreakerOp> Op = Gen.Frequency(
        (4, Gen.Const(new BreakerOp(BreakerOpKind.Admit, 0))),
        (3, Gen.Int[0, 7].Select(i => new BreakerOp(BreakerOpKind.Succeed, i))),
        (4, Gen.Int[0, 7].Select(i => new BreakerOp(BreakerOpKind.Fail, i))),
        (1, Gen.Int[0, 7].Select(i => new BreakerOp(BreakerOpKind.Neutral, i))),
        // Steps of half a second land exactly on the end of a recovery time often.
        (3, Gen.Int[0, 8].Select(i => new BreakerOp(BreakerOpKind.Advance, i * 500))),
        (1, Gen.Const(new BreakerOp(BreakerOpKind.Reset, 0))));

    private static readonly Gen<(int Threshold, int RecoverySecs, BreakerOp[] Ops)> Runs =
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 4], Op.Array[0, 80]);

    [Fact]
    public void Any_run_of_outcomes_and_clock_advances_follows_the_reference_model() =>
        Runs.Sample((int threshold, int recoverySecs, BreakerOp[] ops) => { Replay(threshold, recoverySecs, ops); }, iter: PropertyRuns.Iter(Iterations),
            print: run => $"threshold={run.Item1} recovery={run.Item2}s ops=[{string.Join(", ", run.Item3.AsEnumerable())}]");

    /// <summary>Runs <paramref name="ops"/> on a real breaker and on the model, comparing after every step.</summary>
    internal static void Replay(int threshold, int recoverySecs, IReadOnlyList<BreakerOp> ops)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var recovery = TimeSpan.FromSeconds(recoverySecs);
        var breaker = new CircuitBreaker("m", new CircuitPolicy(threshold, recovery), clock);
        var model = new BreakerModel(threshold, recovery);
        var events = new List<ICircuitEvent>();
        var inFlight = new List<(CircuitPass Pass, long Era)>();
        var step = 0;
        foreach (var op in ops)
        {
            step++;
            var now = clock.GetUtcNow();
            var before = events.Count;
            string? expected = null;
            switch (op.Kind)
            {
                case BreakerOpKind.Admit:
                    var pass = breaker.TryAdmit(events);
                    var (kind, retryAfter, transition) = model.Admit(now);
                    Assert.True(kind == pass.Kind, $"step {step}: admitted as {pass.Kind}, the model says {kind}");
                    if (kind == CircuitPassKind.Rejected)
                        Assert.True(retryAfter == pass.RetryAfter, $"step {step}: Retry-After {pass.RetryAfter}, the model says {retryAfter}");
                    else inFlight.Add((pass, model.Era));
                    expected = transition;
                    break;
                case BreakerOpKind.Succeed when inFlight.Count > 0:
                    var (ok, okEra) = Take(inFlight, op.Value);
                    breaker.RecordSuccess(ok, events);
                    expected = model.Succeed(ok.Kind, okEra, now, out var openMs);
                    if (expected is not null)
                        Assert.Equal(openMs, Assert.IsType<CircuitClosed>(events[^1]).OpenMs);
                    break;
                case BreakerOpKind.Fail when inFlight.Count > 0:
                    var (failed, failedEra) = Take(inFlight, op.Value);
                    breaker.RecordFailure(failed, "handler_trap", events);
                    expected = model.Fail(failed.Kind, failedEra, now, out var failures);
                    if (expected is not null)
                        Assert.Equal(failures, Assert.IsType<CircuitOpened>(events[^1]).ConsecutiveFailures);
                    break;
                case BreakerOpKind.Neutral when inFlight.Count > 0:
                    var (aborted, abortedEra) = Take(inFlight, op.Value);
                    breaker.RecordNeutral(aborted);
                    model.Neutral(aborted.Kind, abortedEra);
                    break;
                case BreakerOpKind.Advance:
                    clock.Advance(TimeSpan.FromMilliseconds(op.Value));
                    break;
                case BreakerOpKind.Reset:
                    breaker.Reset("admin", events);
                    expected = model.Reset();
                    break;
            }

            var reported = events.Skip(before).Select(Name).ToList();
            Assert.True(reported.SequenceEqual(expected is null ? [] : [expected]),
                $"step {step} ({op}): transitions [{string.Join(",", reported)}], the model says [{expected}]");
            Assert.All(events.Skip(before), e => Assert.Equal(now, e.At));
            Assert.True(model.State == breaker.State, $"step {step} ({op}): state {breaker.State}, the model says {model.State}");
            Assert.Equal(model.RetryAfter(clock.GetUtcNow()), breaker.RetryAfter);
            Assert.True(inFlight.Count(r => r.Pass.Kind == CircuitPassKind.Probe && r.Era == model.Era) <= 1,
                $"step {step}: more than one probe in flight");
        }
        AssertLegalChain(events);
    }

    private static (CircuitPass, long) Take(List<(CircuitPass, long)> inFlight, int value)
    {
        var index = value % inFlight.Count;
        var taken = inFlight[index];
        inFlight.RemoveAt(index);
        return taken;
    }

    private static string Name(ICircuitEvent e) => e switch
    {
        CircuitOpened => "open",
        CircuitHalfOpened => "half_open",
        CircuitClosed => "closed",
        CircuitReset => "reset",
        _ => e.GetType().Name,
    };

    /// <summary>Opened only from closed or half-open, half-opened only from open, closed only from half-open.</summary>
    private static void AssertLegalChain(List<ICircuitEvent> events)
    {
        var state = CircuitState.Closed;
        foreach (var e in events)
        {
            state = (e, state) switch
            {
                (CircuitOpened, CircuitState.Closed or CircuitState.HalfOpen) => CircuitState.Open,
                (CircuitHalfOpened, CircuitState.Open) => CircuitState.HalfOpen,
                (CircuitClosed, CircuitState.HalfOpen) => CircuitState.Closed,
                (CircuitReset, _) => CircuitState.Closed,
                _ => throw new Xunit.Sdk.XunitException($"{Name(e)} reported while {state}"),
            };
        }
    }
}
