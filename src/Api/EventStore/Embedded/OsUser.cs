using System.Runtime.InteropServices;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>
/// The account PostgreSQL runs as. initdb and postgres refuse root, so as root the cluster belongs to the
/// <c>postgres</c> system user (created by the Debian package) and its programs run through <c>runuser</c>.
/// </summary>
internal sealed partial record OsUser(string Name, uint Uid, uint Gid, bool IsOther)
{
    public static OsUser ForCluster()
    {
        if (geteuid() != 0) return new OsUser(Environment.UserName, geteuid(), getegid(), IsOther: false);
        var entry = File.Exists("/etc/passwd")
            ? File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 3 && f[0] == "postgres")
            : null;
        if (entry is null)
            throw new EmbeddedPostgresException(
                "mik runs as root, and PostgreSQL refuses to run as root, but there is no 'postgres' system user to run it as. " +
                "Install the server package (`apt-get install postgresql`), which creates it, or run mik as an ordinary user.");
        return new OsUser("postgres", uint.Parse(entry[2]), uint.Parse(entry[3]), IsOther: true);
    }

    /// <summary>Gives a file or folder to this user (a no-op when mik already is that user).</summary>
    public void Own(string path)
    {
        if (IsOther && chown(path, Uid, Gid) != 0)
            throw new EmbeddedPostgresException($"cannot give {path} to user {Name}: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chown(string path, uint owner, uint group);

    [LibraryImport("libc")]
    private static partial uint geteuid();

    [LibraryImport("libc")]
    private static partial uint getegid();
}
