using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// The id of this instance, kept in <c>&lt;state_dir&gt;/instance-id</c>: one id per state dir, so a restarted
/// process is the same instance again. Created on first start as <c>&lt;hostname&gt;-&lt;8 hex&gt;</c>; an operator may
/// write a name of their own there (1–63 of <c>a-z A-Z 0-9 . _ -</c>).
/// </summary>
internal sealed partial record InstanceIdentity(string Id)
{
    public const string FileName = "instance-id";

    public static InstanceIdentity LoadOrCreate(string stateDir)
    {
        var path = Path.Combine(stateDir, FileName);
        if (File.Exists(path))
        {
            var id = File.ReadAllText(path).Trim();
            return ValidId().IsMatch(id)
                ? new InstanceIdentity(id)
                : throw new IOException($"{path} holds \"{Shorten(id)}\", not an instance id (1-63 of a-z A-Z 0-9 . _ -): fix or delete it");
        }
        Directory.CreateDirectory(stateDir);
        var created = new InstanceIdentity($"{HostPart()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        // Written aside and renamed, so a crash never leaves a half-written id that the next start would refuse.
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            file.Write(Encoding.ASCII.GetBytes(created.Id + "\n"));
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        return created;
    }

    private static string HostPart()
    {
        var host = new string([.. Environment.MachineName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-')]);
        host = host.Trim('-');
        if (host.Length > 54) host = host[..54];
        return host.Length > 0 ? host : "mik";
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";

    /// <summary>1-63 of <c>a-z A-Z 0-9 . _ -</c>, as an id file may hold.</summary>
    public static bool IsValidId(string id) => ValidId().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,63}$")]
    private static partial Regex ValidId();
}
