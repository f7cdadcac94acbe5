using System.Text.Json;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// Checks a read bundle against its manifest: every listed file present with its size and sha256, and no file that
/// the manifest does not list. Each problem names the file.
/// </summary>
public static class BundleVerifier
{
    /// <exception cref="InvalidDataException">There is no readable manifest of a known format version.</exception>
    public static BundleManifest Manifest(IReadOnlyDictionary<string, byte[]> files)
    {
        if (!files.TryGetValue(BundleManifest.FileName, out var bytes)) throw new InvalidDataException("no manifest.json: not a mik diagnostics bundle");
        BundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BundleManifest>(bytes, EvidenceJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"manifest.json is not valid: {e.Message}", e);
        }
        if (manifest is null) throw new InvalidDataException("manifest.json is empty");
        if (manifest.FormatVersion != BundleManifest.CurrentFormatVersion)
            throw new InvalidDataException($"manifest format version {manifest.FormatVersion}; this mik reads version {BundleManifest.CurrentFormatVersion}");
        return manifest;
    }

    public static IReadOnlyList<string> Problems(BundleManifest manifest, IReadOnlyDictionary<string, byte[]> files)
    {
        var problems = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            listed.Add(file.Path);
            if (!files.TryGetValue(file.Path, out var content)) problems.Add($"{file.Path}: missing");
            else if (content.Length != file.Size || BundleBuilder.Sha256(content) != file.Sha256) problems.Add($"{file.Path}: sha256 does not match the manifest");
        }
        foreach (var path in files.Keys.Order(StringComparer.Ordinal))
            if (path != BundleManifest.FileName && !listed.Contains(path)) problems.Add($"{path}: not in the manifest");
        return problems;
    }
}
