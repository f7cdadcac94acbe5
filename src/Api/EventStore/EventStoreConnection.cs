namespace Mik.Durable.Api.EventStore;

/// <summary>Where the event store is: the configured server, or the embedded cluster started before the host.</summary>
internal sealed record EventStoreConnection(string ConnectionString, bool IsEmbedded);
