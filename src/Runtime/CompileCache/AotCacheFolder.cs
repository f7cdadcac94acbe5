using System.Security.Cryptography;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// The <c>*.wasm.aot</c> artifacts in a modules folder and what each one is worth to this build of mik: what
/// <c>GET /cache</c> lists and <c>cache clean</c> / <c>cache clear</c> remove. Needs no engine, so the local CLI can
/// use it with the server down. Headers and their MACs are read, checksums are not: a forged artifact (its MAC does not
/// verify with this installation's <see cref="AotKey"/>) is <c>corrupt</c> here, a damaged body is found (and replaced) at load.
/// </summary>
internal static class AotCacheFolder
{
    private static readonly AotHeader Expected = new(AotArtifact.Format, WasmEngine.WasmtimeVersion,
        AotArtifact.Sha256(System.Text.Encoding.UTF8.GetBytes(WasmEngine.CompilationFingerprint)), "", "", 0);

    /// <summary>Every artifact in <paramref name="modulesDir"/>, by module name.</summary>
    /// <param name="sourceSha256">The sha256 of a module's current source when known (else its file is hashed).</param>
    public static IReadOnlyList<AotFile> List(string modulesDir, AotKey key, Func<string, string?>? sourceSha256 = null)
    {
        if (!Directory.Exists(modulesDir)) return [];
        var files = new List<AotFile>();
        foreach (var path in Directory.EnumerateFiles(modulesDir, "*.wasm.aot"))
        {
            var wasmPath = path[..^".aot".Length];
            var module = Path.GetFileNameWithoutExtension(wasmPath);
            if (Read(path, wasmPath, module, key, () => sourceSha256?.Invoke(module) ?? HashOrNull(wasmPath)) is { } file) files.Add(file);
        }
        return [.. files.OrderBy(f => f.Module, StringComparer.Ordinal)];
    }

    /// <summary>The artifact beside <paramref name="wasmPath"/>, or null when there is none.</summary>
    public static AotFile? Describe(string wasmPath, string sourceSha256, AotKey key) =>
        Read(AotCache.PathFor(wasmPath), wasmPath, Path.GetFileNameWithoutExtension(wasmPath), key, () => sourceSha256);

    private static AotFile? Read(string path, string wasmPath, string module, AotKey key, Func<string?> sourceSha256)
    {
        try
        {
            var bytes = new FileInfo(path).Length;
            return new AotFile(module, path, bytes, Classify(path, wasmPath, key, sourceSha256));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes <paramref name="files"/>; returns those actually deleted (one removed meanwhile is not counted).</summary>
    public static IReadOnlyList<AotFile> Delete(IEnumerable<AotFile> files)
    {
        var deleted = new List<AotFile>();
        foreach (var file in files)
        {
            if (!File.Exists(file.Path)) continue;
            File.Delete(file.Path);
            deleted.Add(file);
        }
        return deleted;
    }

    private static string Classify(string path, string wasmPath, AotKey key, Func<string?> sourceSha256)
    {
        AotHeader? header;
        try
        {
            switch (AotArtifact.CheckHeader(path, Expected, key, out header))
            {
                case AotInvalidReason.VersionMismatch: return AotFileStates.VersionMismatch;
                case not null: return AotFileStates.Corrupt;
            }
        }
        catch (FileNotFoundException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Also an unusable key: nothing that cannot be verified is worth keeping.
            return AotFileStates.Corrupt;
        }
        if (!File.Exists(wasmPath)) return AotFileStates.Orphaned;
        return sourceSha256() == header!.SourceSha256 ? AotFileStates.Current : AotFileStates.Stale;
    }

    private static string? HashOrNull(string wasmPath)
    {
        try
        {
            using var file = new FileStream(Files.RegularFile.OpenRead(wasmPath), FileAccess.Read);
            return Convert.ToHexStringLower(SHA256.HashData(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
