namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>The embedded cluster cannot be started; the message says what to do about it.</summary>
internal sealed class EmbeddedPostgresException(string message) : Exception(message);
