namespace Mik.Durable.Api.Hosting;

/// <summary>A listener's address cannot be bound; found before anything else starts.</summary>
internal sealed class ListenerBindException(string message, Exception inner) : IOException(message, inner);
