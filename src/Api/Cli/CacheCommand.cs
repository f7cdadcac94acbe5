using System.CommandLine;
using Mik.Durable.Api.Cli.CacheCommands;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik cache list|clean|clear|warm</c>: through the admin API while mik runs, on the files themselves while it is
/// stopped (docs/operations.md, "The command line: cache").
/// </summary>
internal static class CacheCommand
{
    public static Command Create() =>
        new("cache", "List, clean, clear or warm the AOT cache (admin API, or the files when mik is stopped)")
        {
            CacheListCommand.Create(),
            CacheCleanupCommand.Create("clean", "Remove the artifacts this build cannot use (stale, orphaned, corrupt, ...)", "cache/clean"),
            CacheCleanupCommand.Create("clear", "Remove every artifact (the next load compiles afresh)", "cache/clear"),
            CacheWarmCommand.Create(),
        };
}
