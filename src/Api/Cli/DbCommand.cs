using System.CommandLine;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik db migrate|status</c> (and the hidden developer verb <c>patch</c>).</summary>
internal static class DbCommand
{
    public static Command Create() =>
        new("db", "Apply or inspect the event store's schema migrations")
        {
            DbMigrateCommand.Create(),
            DbStatusCommand.Create(),
            DbPatchCommand.Create(),
        };
}
