namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// A bundle ready to write: every file (with <c>doctor.json</c> and <c>manifest.json</c>) capped and scanned, the
/// manifest, and with <c>--redact-hosts</c> the placeholder mapping that stays outside the archive.
/// </summary>
public sealed record PreparedBundle(
    string Name, IReadOnlyDictionary<string, byte[]> Files, BundleManifest Manifest, IReadOnlyDictionary<string, string>? HostMapping)
{
    public long Bytes => Files.Values.Sum(f => (long)f.Length);
}
