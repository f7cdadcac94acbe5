namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A <c>wasi:io/error</c> resource: why a stream's last operation failed (a read past <c>max_body_mb</c>, the
/// client gone, the handler's deadline), handed to the guest in <c>stream-error.last-operation-failed</c>.
/// </summary>
internal sealed record HttpStreamFailure(string Message);
