using System.Security.Cryptography;
using Mik.Durable.Runtime.Files;

namespace Mik.Durable.Runtime.Registry;

/// <summary>One <c>&lt;name&gt;.wasm</c> as read from disk: its bytes, their hash, and why it is not WebAssembly if it is not.</summary>
internal sealed record ModuleFile(string Name, string Path, byte[] Bytes, string Sha256, DateTime LastWriteUtc, string? Problem)
{
    private static readonly byte[] WasmMagic = [0x00, 0x61, 0x73, 0x6d];

    public long Size => Bytes.LongLength;

    /// <summary>
    /// Reads the file without ever blocking (see <see cref="RegularFile"/>); throws <see cref="NotARegularFileException"/>
    /// when it is a FIFO, socket, device or directory rather than a regular file or a symlink to one.
    /// </summary>
    public static ModuleFile Read(string name, string path)
    {
        var bytes = RegularFile.ReadAllBytes(path, out var facts);
        return new ModuleFile(name, path, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), facts.LastWriteUtc, Check(bytes));
    }

    /// <summary>
    /// Null for a WebAssembly core module or component; otherwise what the file is instead. The size and first bytes are for the
    /// log and the admin API only (<see cref="ModuleProblems.ForClient"/>).
    /// </summary>
    public static string? Check(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 || !bytes[..4].SequenceEqual(WasmMagic))
        {
            var head = Convert.ToHexString(bytes[..Math.Min(4, bytes.Length)]);
            return $"{ModuleProblems.NotWasm}: {bytes.Length} bytes starting with 0x{head}, expected 0x0061736D (\\0asm)";
        }
        var version = BitConverter.ToUInt32(bytes[4..8]);
        return version switch
        {
            1 => null,
            // A component (layer 1, version 0x0d): served as a wasi:http handler (docs/components.md).
            0x1000d => null,
            _ => $"unsupported WebAssembly binary version {version}",
        };
    }
}
