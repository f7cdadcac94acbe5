using System.Security.Cryptography;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Files;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>
/// Looks at every file of the modules folder with the rules the server uses: <see cref="ModuleFile.Check"/> for what
/// a <c>.wasm</c> is, <see cref="AotCacheFolder"/> for what an artifact is worth. Reads only regular files, through
/// <see cref="RegularFile"/>, so a FIFO among them cannot block the run.
/// </summary>
internal static class ModuleInventory
{
    private const int AnyRead = 0x124; // r--r--r--

    public static ModulesReport Take(string modulesDir, string stateDir, bool aotCache)
    {
        var folder = Folder(modulesDir);
        if (!folder.Exists || !folder.Readable) return new ModulesReport(folder, aotCache, []);
        var key = AotKeyFile.Open(stateDir, out var keyProblem);
        var files = new List<ModuleFileInfo>();
        foreach (var path in Directory.EnumerateFileSystemEntries(modulesDir).Order(StringComparer.Ordinal))
            files.Add(Describe(path, key));
        return new ModulesReport(folder, aotCache, files, files.Any(f => f.Kind == "artifact") ? keyProblem : null);
    }

    private static ModulesFolderInfo Folder(string path)
    {
        if (!Directory.Exists(path)) return new ModulesFolderInfo(path, false, false, null);
        var stat = UnixStat.Of(path);
        var listable = true;
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator();
            entries.MoveNext();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            listable = false;
        }
        // Root lists anything: the mode says whether a service user could (read and search for somebody).
        var byMode = stat is { } s && (s.Permissions & AnyRead) != 0 && (s.Permissions & 0x49) != 0;
        return new ModulesFolderInfo(path, true, listable && byMode, stat is { } m ? UnixStat.Octal(m.Permissions) : null);
    }

    private static ModuleFileInfo Describe(string path, AotKey? key)
    {
        var file = Path.GetFileName(path);
        var kind = file.EndsWith(".wasm.aot", StringComparison.Ordinal) ? "artifact" : file.EndsWith(".wasm", StringComparison.Ordinal) ? "module" : "other";
        var name = kind switch { "artifact" => file[..^".wasm.aot".Length], "module" => file[..^".wasm".Length], _ => file };
        var facts = UnixFile.Stat(path);
        var link = new FileInfo(path).LinkTarget;
        var stat = UnixStat.Of(path);
        var mode = stat is { } s ? UnixStat.Octal(s.Permissions) : null;
        var owner = stat is { } o ? UnixStat.UserName(o.Uid) : null;
        var fileType = facts.Kind.ToFieldValue();
        if (facts.Kind != FileKind.Regular)
        {
            var problem = $"{file} is {facts.Kind.Describe()}, not a regular file";
            return new ModuleFileInfo(name, file, kind, fileType, link, 0, mode, owner, false,
                kind == "module" ? "unreadable" : null, null, kind == "other" ? null : problem);
        }
        var readableByMode = stat is { } r && (r.Permissions & AnyRead) != 0;
        return kind switch
        {
            "module" => Module(name, path, file, fileType, link, facts.Size, mode, owner, readableByMode, key),
            "artifact" => new ModuleFileInfo(name, file, kind, fileType, link, facts.Size, mode, owner, readableByMode && CanOpen(path), null,
                ArtifactState(path[..^".aot".Length], key), null),
            _ => new ModuleFileInfo(name, file, kind, fileType, link, facts.Size, mode, owner, readableByMode, null, null, null),
        };
    }

    private static ModuleFileInfo Module(string name, string path, string file, string fileType, string? link, long size,
        string? mode, string? owner, bool readableByMode, AotKey? key)
    {
        byte[] bytes;
        try
        {
            bytes = RegularFile.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ModuleFileInfo(name, file, "module", fileType, link, size, mode, owner, false, "unreadable", null, e.Message);
        }
        var problem = ModuleFile.Check(bytes);
        var wasm = problem switch
        {
            null when HttpComponent.IsComponent(bytes) => "component",
            null => "module",
            _ when problem.StartsWith(ModuleProblems.NotWasm, StringComparison.Ordinal) => "not_wasm",
            _ => "invalid: " + problem,
        };
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var artifact = File.Exists(AotCache.PathFor(path)) || new FileInfo(AotCache.PathFor(path)).LinkTarget is not null
            ? Classify(path, sha, key)
            : "missing";
        return new ModuleFileInfo(name, file, "module", fileType, link, size, mode, owner, readableByMode, wasm, artifact, problem);
    }

    /// <summary>The state of the artifact at <paramref name="wasmPath"/>.aot, whose module may be gone.</summary>
    private static string ArtifactState(string wasmPath, AotKey? key)
    {
        string sha;
        try
        {
            sha = Convert.ToHexStringLower(SHA256.HashData(RegularFile.ReadAllBytes(wasmPath)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            sha = "";
        }
        return Classify(wasmPath, sha, key);
    }

    private static string Classify(string wasmPath, string sourceSha256, AotKey? key)
    {
        // Without a key mik keeps, mik would make a new one and no artifact made before would verify.
        if (key is null) return AotFileStates.Corrupt;
        try
        {
            return AotCacheFolder.Describe(wasmPath, sourceSha256, key)?.State ?? "missing";
        }
        catch (AotKeyException)
        {
            return AotFileStates.Corrupt;
        }
    }

    private static bool CanOpen(string path)
    {
        try
        {
            RegularFile.OpenRead(path).Dispose();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
