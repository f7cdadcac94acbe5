using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>
/// Whether the state dir's <c>aot.key</c> can verify artifacts without being touched. <see cref="AotKey"/> makes or
/// replaces an unfit key on first use, and the doctor must change nothing; so it is used only when the key is there
/// and would be kept (a regular 32-byte file of mode 600 or tighter, as <see cref="AotKey"/> requires).
/// </summary>
internal static class AotKeyFile
{
    /// <summary>A key to verify with, or null (with why) when mik would make a new one, which rejects every artifact.</summary>
    public static AotKey? Open(string stateDir, out string? why)
    {
        var info = new FileInfo(Path.Combine(stateDir, AotKey.FileName));
        why = null;
        if (info.LinkTarget is not null) why = "aot.key is a symbolic link";
        else if (!info.Exists) why = "there is no aot.key in the state dir";
        else if (info.Length != AotKey.Size) why = $"aot.key holds {info.Length} bytes, not {AotKey.Size}";
        else if ((info.UnixFileMode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0) why = "aot.key is readable by others than its owner";
        return why is null ? new AotKey(stateDir, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance) : null;
    }
}
