using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary>
/// Runs <c>mik diag …</c> on the published binary with an environment of the test's choosing (a canary
/// <c>MIK_API_KEY</c>), and reads what it wrote: the archive decompressed to its raw bytes and its files.
/// </summary>
internal static class DiagRun
{
    public static Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        MikCli.RunWithEnvironmentAsync(workingDirectory, environment, args);

    /// <summary>The whole tar stream, decompressed: every byte of every file and header, for grepping.</summary>
    public static byte[] Decompressed(string archive)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Every entry: its name without the top folder, type, mode and content.</summary>
    public static List<(string Top, string Path, TarEntryType Type, UnixFileMode Mode, byte[] Content)> Entries(string archive)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new List<(string, string, TarEntryType, UnixFileMode, byte[])>();
        while (tar.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            var slash = entry.Name.IndexOf('/', StringComparison.Ordinal);
            entries.Add((entry.Name[..slash], entry.Name[(slash + 1)..], entry.EntryType, entry.Mode, content.ToArray()));
        }
        return entries;
    }

    public static JsonElement Manifest(string archive) =>
        JsonDocument.Parse(Entries(archive).Single(e => e.Path == "manifest.json").Content).RootElement.Clone();

    /// <summary>The manifest's record of one collector: <c>{ name, status, reason, duration_ms, files }</c>.</summary>
    public static JsonElement Collector(JsonElement manifest, string name) =>
        manifest.GetProperty("collectors").EnumerateArray().SingleOrDefault(c => c.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new Xunit.Sdk.XunitException($"no collector '{name}' in the manifest: {manifest.GetProperty("collectors")}");

    public static string Status(JsonElement collector) => collector.GetProperty("status").GetString()!;

    public static string Reason(JsonElement collector) =>
        collector.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "";

    /// <summary>Every occurrence of <paramref name="needle"/> (any case) in <paramref name="haystack"/>, as offsets.</summary>
    public static bool Holds(byte[] haystack, string needle) =>
        Encoding.Latin1.GetString(haystack).Contains(needle, StringComparison.OrdinalIgnoreCase);

    /// <summary>The single archive path a piped run printed; the file exists.</summary>
    public static string ArchiveOf(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        var path = Assert.Single(result.StdoutLines);
        Assert.True(File.Exists(path), $"{path} does not exist");
        return path;
    }
}
