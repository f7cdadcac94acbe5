namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// A host call that would have waited past the run's timeout ended the guest at the timeout instead: the same
/// outcome as the epoch deadline (<c>handler_timeout</c>).
/// </summary>
internal sealed class GuestDeadlineException() : Exception("the handler waited past its timeout in poll_oneoff");
