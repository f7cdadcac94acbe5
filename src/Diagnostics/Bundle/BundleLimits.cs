namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// How big a bundle may grow, before compression: each file at most <see cref="FileBytes"/> (a longer one keeps its
/// end), all files together at most <see cref="TotalBytes"/> (the largest are cut first).
/// </summary>
public sealed record BundleLimits(long FileBytes = BundleLimits.DefaultFileBytes, long TotalBytes = BundleLimits.DefaultTotalBytes)
{
    public const long DefaultFileBytes = 1024 * 1024;
    public const long DefaultTotalBytes = 16 * 1024 * 1024;
}
