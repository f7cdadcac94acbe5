namespace Mik.Durable.Api.Hosting;

/// <summary>Endpoint metadata: this endpoint answers only on <see cref="Listener"/>. Endpoints without it answer on both.</summary>
internal sealed record ListenerMetadata(Listener Listener);
