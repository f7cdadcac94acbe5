using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Fuzz.Targets;

/// <summary>
/// A <c>&lt;module&gt;.wasm.aot</c> on disk through the checks that decide whether it is trusted
/// (<see cref="AotArtifact.CheckHeader"/> as <c>mik cache</c> and the doctor use it, <see cref="AotArtifact.Read"/> as
/// loading does). Nothing read here is ever given to Wasmtime: trusting a file is the whole question.
/// Each input is tried twice: as it is, and re-signed with this target's key, so that the checks after the MAC
/// (kind, source, length, checksum) see fuzzed headers too. Contract: no exception; a file is trusted only when both
/// checks agree, its header is the one expected, and the bytes handed on are the file's tail with the header's
/// length and SHA-256.
/// </summary>
internal sealed class AotTarget : IFuzzTarget
{
    /// <summary>The key the corpus's artifacts are signed with: only a fuzz key, never an installation's.</summary>
    public static readonly byte[] FuzzKey = [.. Enumerable.Range(1, AotKey.Size).Select(i => (byte)i)];

    private const int PrefixBytes = 12;
    private readonly FuzzFolder _folder = new();
    private readonly string _path;
    private readonly AotKey _key;

    public AotTarget()
    {
        var stateDir = _folder.Sub("state");
        var keyPath = Path.Combine(stateDir, AotKey.FileName);
        File.WriteAllBytes(keyPath, FuzzKey);
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _key = new AotKey(stateDir, NullLogger.Instance);
        _path = Path.Combine(_folder.Sub("modules"), "fuzz.wasm.aot");
    }

    public string Name => FuzzTargets.Aot;

    /// <summary>The header an artifact of the corpus's source must carry to be trusted, as <see cref="AotCache.Expected"/> builds it.</summary>
    public static AotHeader Expected(string kind = AotKinds.Module) => new(
        AotArtifact.Format, WasmEngine.WasmtimeVersion,
        AotArtifact.Sha256(Encoding.UTF8.GetBytes(WasmEngine.CompilationFingerprint)),
        AotArtifact.Sha256("fuzz source"u8), "", 0, kind);

    public void Run(byte[] input)
    {
        Check(input);
        if (Resigned(input) is { } signed) Check(signed);
    }

    private void Check(byte[] file)
    {
        File.WriteAllBytes(_path, file);
        var expected = Expected();
        var headerVerdict = AotArtifact.CheckHeader(_path, expected, _key, out var header);
        var artifact = AotArtifact.Read(_path, expected, _key, out _, out var detail);
        if (artifact is null)
        {
            if (string.IsNullOrWhiteSpace(detail)) throw new FuzzContractException("refused without saying why");
            return;
        }
        if (headerVerdict is not null || header is null) throw new FuzzContractException($"read trusts what the header check calls {headerVerdict}");
        if (header.Format != expected.Format || header.Wasmtime != expected.Wasmtime || header.EngineSha256 != expected.EngineSha256
            || header.SourceSha256 != expected.SourceSha256 || AotKinds.Of(header) != AotKinds.Of(expected))
            throw new FuzzContractException("trusted an artifact whose header is not the one expected");
        if (artifact.Length != header.ArtifactBytes || AotArtifact.Sha256(artifact) != header.ArtifactSha256
            || !file.AsSpan().EndsWith(artifact))
            throw new FuzzContractException("handed on bytes that are not the artifact the header describes");
    }

    /// <summary>The input with the MAC its prefix and header would get from this key, or null when it has no header length to sign.</summary>
    private byte[]? Resigned(byte[] input)
    {
        if (input.Length < PrefixBytes) return null;
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(input.AsSpan(8));
        if (headerLength <= 0 || headerLength > input.Length - PrefixBytes) return null;
        var macStart = PrefixBytes + headerLength;
        var signed = new byte[Math.Max(input.Length, macStart + AotKey.MacSize)];
        input.CopyTo(signed, 0);
        _key.Mac(input.AsSpan(0, macStart)).CopyTo(signed, macStart);
        return signed;
    }

    public void Dispose() => _folder.Dispose();
}
