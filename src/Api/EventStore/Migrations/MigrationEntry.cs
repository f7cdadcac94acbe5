namespace Mik.Durable.Api.EventStore.Migrations;

/// <summary>One line of <c>mik db status</c>.</summary>
internal sealed record MigrationEntry(string Name, MigrationState State, DateTimeOffset? AppliedAt);
