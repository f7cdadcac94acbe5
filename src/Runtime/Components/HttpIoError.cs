namespace Mik.Durable.Runtime.Components;

/// <summary>A <c>wasi:io/error</c> resource: why a stream's last operation failed, in words for a guest's log.</summary>
internal sealed record HttpIoError(string Message);
