namespace Mik.Durable.Api.EventStore.Migrations;

/// <summary>A migration cannot be applied for a reason retrying will not fix by itself (a changed file, a lock held too long).</summary>
internal sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
