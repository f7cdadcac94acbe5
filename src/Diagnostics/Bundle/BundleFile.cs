namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// One file of the archive in the manifest. <see cref="TruncatedFrom"/> is its size before the size cap cut it
/// (its beginning was dropped, its end kept); null when it is whole.
/// </summary>
public sealed record BundleFile(string Path, long Size, string Sha256, long? TruncatedFrom = null);
