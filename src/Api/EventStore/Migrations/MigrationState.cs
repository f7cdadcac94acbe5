namespace Mik.Durable.Api.EventStore.Migrations;

internal enum MigrationState
{
    /// <summary>Recorded in <c>mik_migrations</c> with the same sha256 as the shipped file.</summary>
    Applied,

    /// <summary>Shipped but not recorded yet.</summary>
    Pending,

    /// <summary>Recorded, but the shipped file's sha256 differs: somebody edited a released migration.</summary>
    Changed,

    /// <summary>Recorded but not shipped in this mik (applied by a newer version).</summary>
    Unknown,
}
