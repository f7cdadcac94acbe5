namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>The machine's PostgreSQL server programs: <c>MIK_PG_BINDIR</c>, else the newest <c>/usr/lib/postgresql/N/bin</c>, else PATH.</summary>
internal sealed record PostgresBinaries(string Directory)
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Path.Combine(Directory, "initdb");
    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public static PostgresBinaries Locate(Func<string, string?> env, string debianRoot = "/usr/lib/postgresql")
    {
        var searched = new List<string>();
        if (env("MIK_PG_BINDIR") is { Length: > 0 } configured)
        {
            if (HasAll(configured)) return new PostgresBinaries(configured);
            throw Missing([configured + " (MIK_PG_BINDIR)"]);
        }
        if (System.IO.Directory.Exists(debianRoot))
        {
            var versions = System.IO.Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(x => x.Version >= 0)
                .OrderByDescending(x => x.Version);
            foreach (var (dir, _) in versions)
            {
                if (HasAll(dir)) return new PostgresBinaries(dir);
                searched.Add(dir);
            }
        }
        searched.Add(debianRoot + "/<version>/bin");
        foreach (var dir in (env("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (HasAll(dir)) return new PostgresBinaries(ResolveLinks(dir));
        }
        searched.Add("PATH");
        throw Missing(searched);
    }

    private static bool HasAll(string dir) => Required.All(name => File.Exists(Path.Combine(dir, name)));

    // /usr/local/bin/pg_ctl may be a link into /usr/lib/postgresql/N/bin; initdb wants its real siblings.
    private static string ResolveLinks(string dir)
    {
        var target = new FileInfo(Path.Combine(dir, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? dir : Path.GetDirectoryName(target.FullName)!;
    }

    private static EmbeddedPostgresException Missing(IEnumerable<string> searched) => new(
        "PostgreSQL server programs (initdb, pg_ctl, postgres) were not found; looked in " + string.Join(", ", searched) + ". " +
        "Install them with `apt-get install postgresql` (Debian/Ubuntu) or `dnf install postgresql-server` (Fedora/RHEL), " +
        "set MIK_PG_BINDIR to their folder, or point mik at an existing server with MIK_DATABASE_URL / [database] url.");
}
