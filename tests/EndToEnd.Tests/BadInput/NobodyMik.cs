using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// A copy of the published mik that <c>nobody</c> can run: the checkout may sit below a folder only root may enter
/// (/root, a mktemp folder), and the `config_unreadable` row runs mik as nobody.
/// </summary>
internal static class NobodyMik
{
    private static readonly Lazy<string> Copy = new(MakeCopy);

    public static string Path => Copy.Value;

    private static string MakeCopy()
    {
        var source = System.IO.Path.GetDirectoryName(MikBinary.Path)!;
        var target = System.IO.Path.Combine("/tmp", "mik-nobody-" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        foreach (var dir in Directory.EnumerateDirectories(target, "*", SearchOption.AllDirectories).Prepend(target))
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                      | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(target, recursive: true);
        var binary = System.IO.Path.Combine(target, System.IO.Path.GetFileName(MikBinary.Path));
        File.SetUnixFileMode(binary, File.GetUnixFileMode(binary) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return binary;
    }
}
