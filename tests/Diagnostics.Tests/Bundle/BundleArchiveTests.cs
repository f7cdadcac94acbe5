using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Mik.Durable.Diagnostics.Bundle;

namespace Mik.Durable.Diagnostics.Tests.Bundle;

public sealed class BundleArchiveTests : IDisposable
{
    private readonly string _folder = BundleFixtures.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_written_bundle_reads_back_whole_verified_and_with_the_same_doctor_verdicts()
    {
        var evidence = BundleFixtures.Evidence(("health.json", "{\"status\":\"ok\"}"), ("logs/mik.log", "line 1\nline 2\n"));
        var bundle = BundleFixtures.Prepare(evidence, checks: [new BundleFixtures.FileCheck("health.json")]);

        var path = BundleArchive.Write(bundle, _folder, BundleFixtures.At);

        Assert.Equal(Path.Combine(_folder, "mik-diag-box1-20261202T200000Z.tar.gz"), path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
        using var stream = File.OpenRead(path);
        var inspection = BundleInspection.Open(stream, [new BundleFixtures.FileCheck("health.json")], BundleFixtures.At.AddDays(1));
        Assert.True(inspection.Verified, string.Join("; ", inspection.Problems));
        Assert.Equal("mik-diag-box1-20261202T200000Z", inspection.Folder);
        Assert.Equal("line 1\nline 2\n", inspection.Evidence.Text("logs/mik.log"));
        Assert.Equal(["doctor.json", "health.json", "logs/mik.log"], inspection.Manifest.Files.Select(f => f.Path));
        Assert.Equal("ok", Assert.Single(inspection.Rerun.Checks).Verdict);
        Assert.Empty(inspection.DoctorDifferences());
    }

    [Fact]
    public void Every_entry_is_a_regular_file_with_mode_0644_under_the_bundles_folder()
    {
        var path = BundleArchive.Write(BundleFixtures.Prepare(BundleFixtures.Evidence(("a/b.txt", "x"))), _folder, BundleFixtures.At);

        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new List<TarEntry>();
        while (tar.GetNextEntry() is { } entry) entries.Add(entry);
        Assert.Equal(["manifest.json", "a/b.txt", "doctor.json"], entries.Select(e => e.Name["mik-diag-box1-20261202T200000Z/".Length..]));
        Assert.All(entries, e => Assert.Equal((TarEntryType.RegularFile, (UnixFileMode)0b110_100_100), (e.EntryType, e.Mode)));
    }

    [Fact]
    public void A_changed_a_missing_and_an_extra_file_are_each_named()
    {
        var path = BundleArchive.Write(BundleFixtures.Prepare(BundleFixtures.Evidence(("health.json", "{}"), ("system.json", "{}"))), _folder, BundleFixtures.At);
        var (folder, files) = BundleReader.Read(path);
        files["health.json"] = Encoding.UTF8.GetBytes("{\"tampered\":true}");
        files.Remove("system.json");
        files["extra.txt"] = [1];
        var tampered = Path.Combine(_folder, "tampered.tar.gz");
        WriteRaw(tampered, files.Select(f => (TarEntryType.RegularFile, $"{folder}/{f.Key}", f.Value)));

        using var stream = File.OpenRead(tampered);
        var inspection = BundleInspection.Open(stream, [], BundleFixtures.At);

        Assert.False(inspection.Verified);
        Assert.Equal(["health.json: sha256 does not match the manifest", "system.json: missing", "extra.txt: not in the manifest"], inspection.Problems);
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "mik-diag-x/evil")]
    [InlineData(TarEntryType.RegularFile, "mik-diag-x/../../etc/passwd")]
    [InlineData(TarEntryType.RegularFile, "/etc/passwd")]
    [InlineData(TarEntryType.RegularFile, "top-level-file")]
    public void An_archive_that_links_or_climbs_out_is_refused_without_writing_anything(TarEntryType type, string name)
    {
        var path = Path.Combine(_folder, "evil.tar.gz");
        WriteRaw(path, [(type, name, [1, 2, 3])]);

        var refused = Assert.Throws<InvalidDataException>(() => BundleReader.Read(path));
        Assert.Contains(name, refused.Message);
        Assert.Equal([path], Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_bomb_that_decompresses_past_the_bound_is_refused()
    {
        var path = Path.Combine(_folder, "bomb.tar.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.SmallestSize))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            // Many entries each under the bound, together far over it, and all zeros: a few hundred KiB compressed.
            using var zeros = new MemoryStream(new byte[16 * 1024 * 1024]);
            for (var i = 0; i < 20; i++)
            {
                zeros.Position = 0;
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"mik-diag-x/zeros-{i}") { DataStream = zeros });
            }
        }

        var refused = Assert.Throws<InvalidDataException>(() => BundleReader.Read(path));
        Assert.Contains("MiB", refused.Message);
    }

    [Fact]
    public void A_dry_run_measures_the_compressed_size_the_archive_then_has()
    {
        var bundle = BundleFixtures.Prepare(BundleFixtures.Evidence(("logs/mik.log", string.Concat(Enumerable.Repeat("a log line\n", 5000)))));

        var estimated = BundleArchive.CompressedSize(bundle, BundleFixtures.At);

        Assert.Equal(new FileInfo(BundleArchive.Write(bundle, _folder, BundleFixtures.At)).Length, estimated);
    }

    private static void WriteRaw(string path, IEnumerable<(TarEntryType Type, string Name, byte[] Content)> entries)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (type, name, content) in entries)
        {
            var entry = new PaxTarEntry(type, name);
            if (type == TarEntryType.SymbolicLink) entry.LinkName = "/etc/passwd";
            else entry.DataStream = new MemoryStream(content);
            tar.WriteEntry(entry);
        }
    }
}
