using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// The secret that makes an AOT artifact this installation's own: 32 random bytes in <c>&lt;state_dir&gt;/aot.key</c>
/// (mode 0600), created on first need. Every artifact carries an HMAC-SHA256 made with it, and none without a valid
/// one reaches Wasmtime, because deserializing is running native code (docs/runtime.md, Trust model).
/// </summary>
internal sealed partial class AotKey(string stateDir, ILogger logger)
{
    public const string FileName = "aot.key";
    public const int Size = 32;
    public const int MacSize = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly Lock _lock = new();
    private byte[]? _key;

    public string Path { get; } = System.IO.Path.Combine(stateDir, FileName);

    /// <summary>The HMAC-SHA256 of <paramref name="data"/>. Throws <see cref="AotKeyException"/> when the key cannot be read or created.</summary>
    public byte[] Mac(ReadOnlySpan<byte> data) => HMACSHA256.HashData(Key(), data);

    /// <summary>Whether <paramref name="mac"/> is the MAC of <paramref name="data"/> (compared in constant time).</summary>
    public bool Verifies(ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac) =>
        mac.Length == MacSize && CryptographicOperations.FixedTimeEquals(Mac(data), mac);

    // Not a Lazy<T>: a failure (disk full) must not be remembered forever, and two threads must not both replace the file.
    private byte[] Key()
    {
        lock (_lock)
        {
            return _key ??= LoadOrCreate();
        }
    }

    private byte[] LoadOrCreate()
    {
        try
        {
            var info = new FileInfo(Path);
            if (!info.Exists && info.LinkTarget is null) return Create(replace: false) ?? LoadOrCreate();
            if (Unfit(info) is { } why)
            {
                // Whoever could read or change it may have forged artifacts with it: a new key invalidates them all.
                KeyReplaced(logger, Path, why);
                return Create(replace: true)!;
            }
            return File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AotKeyException(Path, e);
        }
    }

    /// <summary>Why the key file cannot be trusted, or null.</summary>
    private static string? Unfit(FileInfo info)
    {
        if (info.LinkTarget is not null) return "it is a symbolic link";
        // Also what a FIFO or a device looks like: never opened, so it cannot block.
        if (info.Length != Size) return $"it holds {info.Length} bytes, not {Size}";
        var mode = info.UnixFileMode;
        if ((mode & ~OwnerOnly) != 0) return $"its mode is {Convert.ToString((int)mode, 8)}, not 600";
        return null;
    }

    /// <summary>Writes a new key aside and renames it into place; null when another process created one meanwhile.</summary>
    private byte[]? Create(bool replace)
    {
        Directory.CreateDirectory(stateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = RandomNumberGenerator.GetBytes(Size);
        var temp = $"{Path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
            using (var file = new FileStream(temp, options))
            {
                file.Write(key);
                file.Flush(flushToDisk: true);
            }
            if (replace)
            {
                File.Move(temp, Path, overwrite: true);
            }
            else
            {
                try
                {
                    File.Move(temp, Path, overwrite: false);
                }
                catch (IOException) when (File.Exists(Path))
                {
                    return null;
                }
            }
            KeyCreated(logger, Path);
            return key;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "aot_key_created")]
    private static partial void KeyCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "aot_key_replaced")]
    private static partial void KeyReplaced(ILogger logger, string path, string reason);
}
