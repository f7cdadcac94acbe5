namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// Keeps a bundle bounded: a file over the per-file cap keeps its END (the newest log lines), cut after a line break
/// so no line is half; when all files together are still over the total, the largest are cut the same way.
/// </summary>
public static class SizeCap
{
    /// <summary>The last at most <paramref name="max"/> bytes of <paramref name="content"/>, starting at a line when one starts there.</summary>
    public static byte[] KeepEnd(byte[] content, long max)
    {
        if (content.Length <= max) return content;
        var start = content.Length - (int)Math.Max(0, max);
        var newline = Array.IndexOf(content, (byte)'\n', start > 0 ? start - 1 : 0);
        // Whole lines when the kept part has a line break in it; else the raw tail (one very long line).
        if (newline >= 0 && newline + 1 < content.Length) start = newline + 1;
        return content[start..];
    }

    /// <summary>Applies both caps; returns the files and, for each one cut, its size before.</summary>
    public static (Dictionary<string, byte[]> Files, Dictionary<string, long> Cut) Apply(IReadOnlyDictionary<string, byte[]> files, BundleLimits limits)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var cut = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (path, content) in files)
        {
            result[path] = KeepEnd(content, limits.FileBytes);
            if (result[path].Length != content.Length) cut[path] = content.Length;
        }
        var total = result.Values.Sum(c => (long)c.Length);
        while (total > limits.TotalBytes)
        {
            var (path, content) = result.MaxBy(f => f.Value.Length);
            if (content.Length == 0) break;
            var smaller = KeepEnd(content, Math.Max(0, content.Length - (total - limits.TotalBytes)));
            if (smaller.Length == content.Length) smaller = [];
            cut.TryAdd(path, content.Length);
            total -= content.Length - smaller.Length;
            result[path] = smaller;
        }
        return (result, cut);
    }
}
