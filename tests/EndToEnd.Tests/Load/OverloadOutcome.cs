namespace Mik.Durable.EndToEnd.Tests.Load;

/// <summary>
/// One request of <see cref="OverloadTests"/>: admitted (200 with the guest's body), refused as documented (the
/// status, Retry-After and error code of the limit), or neither; <see cref="What"/> says what came back.
/// </summary>
internal sealed record OverloadOutcome(bool Admitted, bool Refused, TimeSpan? RetryAfter, string What);
