using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.EventStore.Embedded;

internal static class EmbeddedPostgresFactory
{
    /// <summary>The embedded cluster (docs/operations.md): <c>&lt;state_dir&gt;/pg</c>, the machine's binaries, the right OS user.</summary>
    public static EmbeddedPostgres Create(MikConfig config, ILoggerFactory loggers) =>
        new(Path.Combine(config.State.Dir, "pg"), config.Database.EmbeddedPort,
            PostgresBinaries.Locate(Environment.GetEnvironmentVariable), OsUser.ForCluster(),
            loggers.CreateLogger(LogTargets.EventStore));
}
