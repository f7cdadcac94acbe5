namespace Mik.Durable.Runtime.Components;

/// <summary>A <c>wasi:io/streams</c> <c>output-stream</c> resource that writes into a response body.</summary>
internal sealed record HttpOutputStream(HttpOutgoingBody Body);
