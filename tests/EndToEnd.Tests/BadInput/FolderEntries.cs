using System.Net.Sockets;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>The odd things a filesystem row puts at <c>&lt;modules&gt;/&lt;name&gt;.wasm</c>.</summary>
internal static class FolderEntries
{
    public static async Task FifoAsync(string path)
    {
        var mkfifo = await MikCli.RunProgramAsync("mkfifo", Path.GetDirectoryName(path)!, path);
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>A listening Unix socket; the caller keeps it open while the row runs.</summary>
    public static Socket Socket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        return socket;
    }

    /// <summary>A copy of <c>hello</c> outside the modules folder, in the sandbox, for a symlink to lead to.</summary>
    public static string Outside(string sandboxDirectory)
    {
        var outside = Path.Combine(sandboxDirectory, "outside");
        Directory.CreateDirectory(outside);
        var target = Path.Combine(outside, "hello.wasm");
        File.Copy(MikSandbox.GuestPath("hello"), target, overwrite: true);
        return target;
    }

    /// <summary>A copy of <c>hello</c> whose bits say no one may read it (root may all the same).</summary>
    public static void Unreadable(string path)
    {
        var staged = path + ".part";
        File.Copy(MikSandbox.GuestPath("hello"), staged);
        File.SetUnixFileMode(staged, UnixFileMode.None);
        // Renamed in whole, so no scan sees half a copy.
        File.Move(staged, path);
    }
}
