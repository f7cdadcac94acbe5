namespace Mik.Durable.EndToEnd.Tests.Faults;

/// <summary>What a crash may leave behind in mik's folders, and the modules a truncated write would show as.</summary>
internal static class FolderLeftovers
{
    /// <summary>Temporary files (<c>*.tmp</c>) anywhere under <paramref name="folders"/>, the embedded cluster's <c>pg/</c> aside.</summary>
    public static List<string> TemporaryFiles(params string[] folders) =>
        [.. folders.Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Where(p => p.EndsWith(".tmp", StringComparison.Ordinal) && !p.Contains("/pg/", StringComparison.Ordinal))];

    /// <summary>Every <c>*.wasm</c> of the folder whose bytes are none of <paramref name="known"/> (cut short, or mixed).</summary>
    public static List<string> UnknownModules(string modules, params byte[][] known) =>
        [.. Directory.GetFiles(modules, "*.wasm").Where(p => !known.Any(k => File.ReadAllBytes(p).AsSpan().SequenceEqual(k)))];
}
