namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>
/// <c>event_store.json</c>: whether the event store answered (and why not), whether mik's schema has every shipped
/// migration (<see cref="Applied"/>, <see cref="Pending"/>, and <see cref="Changed"/> ones edited since they were
/// applied), and the audit spool on disk. <see cref="Migrated"/> is null when the store could not be asked.
/// <see cref="Embedded"/>: mik runs its own PostgreSQL (no <c>database.url</c>), which runs only while mik does;
/// <see cref="MikRunning"/> is then whether mik answered, so a stopped store of a stopped mik is no finding.
/// </summary>
internal sealed record EventStoreReport(
    bool Reachable,
    string? Reason,
    string Schema,
    bool? Migrated,
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> Pending,
    IReadOnlyList<string> Changed,
    SpoolReport Spool,
    bool Embedded = false,
    bool? MikRunning = null);
