using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary><c>mik diag inspect</c> on the published binary: a good bundle verifies; a changed, a foreign or a hostile one is refused by name.</summary>
public sealed class DiagInspectTests : IDisposable
{
    private readonly MikSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task A_fresh_bundle_verifies_and_the_screen_shows_versions_host_and_the_doctor_rerun_agreeing_with_doctor_json()
    {
        var archive = await BundleAsync();

        var result = await MikCli.RunAsync(_sandbox.Directory, "diag", "inspect", archive, "--json", "false");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Matches(@"^bundle +mik-diag-\S+: verified, \d+ files match their sha256", result.StdoutLines[0]);
        Assert.Matches(@"^versions +mik \d+\.\d+\.\d+", result.StdoutLines[1]);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("host ", StringComparison.Ordinal) && l.Contains(Environment.MachineName, StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("doctor ", StringComparison.Ordinal) && l.Contains("same as doctor.json", StringComparison.Ordinal));
        Assert.InRange(result.StdoutLines.Length, 8, 60);
    }

    [Fact]
    public async Task Piped_it_prints_json_and_the_timeline_one_json_object_per_line()
    {
        var archive = await BundleAsync();

        var screen = await MikCli.RunAsync(_sandbox.Directory, "diag", "inspect", archive);
        var timeline = await MikCli.RunAsync(_sandbox.Directory, "diag", "inspect", archive, "--timeline");

        Assert.Equal((0, 0), (screen.ExitCode, timeline.ExitCode));
        using var json = JsonDocument.Parse(screen.Stdout);
        Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
        Assert.Empty(json.RootElement.GetProperty("doctor_differences").EnumerateArray());
        Assert.All(timeline.StdoutLines, line =>
        {
            using var entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("at", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("source", out _), line);
        });
    }

    [Fact]
    public async Task A_file_changed_after_the_bundle_was_made_is_named_and_exit_is_1()
    {
        var archive = await BundleAsync();
        var entries = DiagRun.Entries(archive);
        var tampered = Path.Combine(_sandbox.Directory, "tampered.tar.gz");
        Repack(tampered, entries.Select(e => (e.Top + "/" + e.Path, e.Path == "doctor.json" ? Encoding.UTF8.GetBytes("{\"checks\":[]}") : e.Content)));

        var result = await MikCli.RunAsync(_sandbox.Directory, "diag", "inspect", tampered);

        result.AssertOneLineError(1);
        Assert.Contains("doctor.json: sha256 does not match the manifest", result.Stderr);
    }

    [Fact]
    public async Task An_archive_with_a_path_climbing_out_is_refused_and_nothing_is_written_outside()
    {
        var evil = Path.Combine(_sandbox.Directory, "evil.tar.gz");
        Repack(evil, [("mik-diag-x/manifest.json", "{}"u8.ToArray()), ("mik-diag-x/../../escaped.txt", "pwned"u8.ToArray())]);

        var result = await MikCli.RunAsync(_sandbox.Directory, "diag", "inspect", evil);

        result.AssertOneLineError(1);
        Assert.Contains("not a plain relative path", result.Stderr);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_sandbox.Directory)!, "escaped.txt")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_bundle_is_one_line_exit_1_and_a_missing_one_exit_2()
    {
        var notBundle = Path.Combine(_sandbox.Directory, "mik.toml");

        (await MikCli.RunAsync(_sandbox.Directory, "diag", "inspect", notBundle)).AssertOneLineError(1);
        (await MikCli.RunAsync(_sandbox.Directory, "diag", "inspect", "/nonexistent/bundle.tar.gz")).AssertOneLineError(2);
    }

    [Fact]
    public async Task A_fifo_or_a_folder_named_as_the_bundle_is_refused_without_blocking()
    {
        var fifo = Path.Combine(_sandbox.Directory, "bundle.tar.gz");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!)
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var onFifo = await MikCli.RunAsync(_sandbox.Directory, "diag", "inspect", fifo);
        var onFolder = await MikCli.RunAsync(_sandbox.Directory, "diag", "inspect", _sandbox.ModulesDirectory);

        onFifo.AssertOneLineError(2);
        Assert.Contains("FIFO", onFifo.Stderr);
        onFolder.AssertOneLineError(2);
    }

    private async Task<string> BundleAsync()
    {
        var output = Path.Combine(_sandbox.Directory, "out-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(output);
        return DiagRun.ArchiveOf(await DiagRun.RunAsync(_sandbox.Directory, null, "diag", "bundle", "--config", _sandbox.ConfigPath, "--output", output));
    }

    private static void Repack(string path, IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in entries)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
    }
}
