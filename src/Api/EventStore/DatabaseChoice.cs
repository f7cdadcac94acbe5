using Mik.Durable.Api.EventStore.Embedded;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.EventStore;

/// <summary>
/// Which PostgreSQL a mik process uses (docs/operations.md, The embedded PostgreSQL): the server
/// <c>database.url</c> names when it is set, else the embedded cluster under <c>&lt;state_dir&gt;/pg</c>. What each
/// command then does with an embedded cluster (start it, start it only if it exists, only look) stays its own.
/// </summary>
/// <param name="Url">The configured <c>database.url</c>, or null when the embedded cluster is the choice.</param>
/// <param name="Embedded">The embedded cluster (not started), or null when <c>database.url</c> is set.</param>
internal sealed record DatabaseChoice(string? Url, EmbeddedPostgres? Embedded)
{
    public static bool UsesConfiguredServer(MikConfig config) => config.Database.Url.Length > 0;

    public static DatabaseChoice For(MikConfig config, ILoggerFactory loggers) =>
        UsesConfiguredServer(config)
            ? new DatabaseChoice(config.Database.Url, null)
            : new DatabaseChoice(null, EmbeddedPostgresFactory.Create(config, loggers));
}
