using System.Formats.Tar;
using System.Text.RegularExpressions;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary><c>mik diag bundle</c> on the published binary: its output, the archive's shape, --dry-run, --redact-hosts, usage errors.</summary>
public sealed class DiagBundleTests : IDisposable
{
    private readonly MikSandbox _sandbox = new();
    private readonly string _out;

    public DiagBundleTests()
    {
        _out = Path.Combine(_sandbox.Directory, "out");
        Directory.CreateDirectory(_out);
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Piped_it_prints_only_the_archives_path_and_the_archive_is_private_complete_and_one_folder_of_plain_files()
    {
        var result = await DiagRun.RunAsync(_sandbox.Directory, null, "diag", "bundle", "--config", _sandbox.ConfigPath, "--output", _out);

        var archive = DiagRun.ArchiveOf(result);
        Assert.Matches($@"^{Regex.Escape(_out)}/mik-diag-[A-Za-z0-9.-]+-\d{{8}}T\d{{6}}Z\.tar\.gz$", archive);
        Assert.Equal([archive], Directory.GetFiles(_out));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
        var entries = DiagRun.Entries(archive);
        var folder = Path.GetFileName(archive)[..^".tar.gz".Length];
        Assert.All(entries, e => Assert.Equal((folder, TarEntryType.RegularFile, (UnixFileMode)0b110_100_100), (e.Top, e.Type, e.Mode)));
        Assert.Equal("manifest.json", entries[0].Path);
        Assert.Contains(entries, e => e.Path == "doctor.json");
        var manifest = DiagRun.Manifest(archive);
        Assert.Equal(1, manifest.GetProperty("format_version").GetInt32());
        Assert.Matches(@"^\d+\.\d+\.\d+", manifest.GetProperty("mik").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", manifest.GetProperty("wasmtime").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", manifest.GetProperty("dotnet").GetString());
        Assert.Equal(Environment.MachineName, manifest.GetProperty("host").GetString());
        Assert.Contains("diag bundle --config", manifest.GetProperty("command_line").GetString());
        var listed = manifest.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Equal(entries.Select(e => e.Path).Where(p => p != "manifest.json").Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task On_a_terminal_each_collector_is_shown_as_it_ends_then_the_counts_and_the_archives_path()
    {
        var shown = await PseudoTerminal.RunAsync(null, _sandbox.Directory, "diag", "bundle", "--config", _sandbox.ConfigPath, "--output", _out);

        var archive = Assert.Single(Directory.GetFiles(_out));
        var lines = shown.Split('\n').Select(l => l.Trim('\r', ' ')).Where(l => l.Length > 0).ToList();
        Assert.Equal(archive, lines[^1]);
        Assert.Contains(lines, l => l.Contains("collectors: ", StringComparison.Ordinal));
        foreach (var collector in DiagRun.Manifest(archive).GetProperty("collectors").EnumerateArray())
        {
            var (name, status) = (collector.GetProperty("name").GetString()!, DiagRun.Status(collector));
            Assert.Contains(lines, l => l.Contains($"{status}", StringComparison.Ordinal) && l.Contains($" {name} (", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_dry_run_lists_the_collectors_and_the_estimated_size_and_writes_nothing()
    {
        var result = await DiagRun.RunAsync(_sandbox.Directory, null, "diag", "bundle", "--config", _sandbox.ConfigPath, "--output", _out, "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("dry run: nothing written", result.Stdout);
        Assert.Matches(@"would write mik-diag-\S+\.tar\.gz: \d+ files, .* about \d", result.Stdout);
        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }

    [Fact]
    public async Task With_redact_hosts_the_machines_name_is_a_placeholder_and_the_mapping_is_beside_the_archive_for_its_owner_only()
    {
        var result = await DiagRun.RunAsync(_sandbox.Directory, null, "diag", "bundle", "--config", _sandbox.ConfigPath, "--output", _out, "--redact-hosts");

        var archive = DiagRun.ArchiveOf(result);
        var mapping = archive[..^".tar.gz".Length] + ".hosts.json";
        Assert.Equal($"host placeholders: {mapping}", result.Stderr.Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(mapping));
        Assert.Contains($"\"{Environment.MachineName}\"", File.ReadAllText(mapping));
        Assert.Contains("mik-diag-host-1-", archive);
        Assert.Equal("host-1", DiagRun.Manifest(archive).GetProperty("host").GetString());
        var word = new Regex($@"(?<![A-Za-z0-9_.-]){Regex.Escape(Environment.MachineName)}(?![A-Za-z0-9_])", RegexOptions.IgnoreCase);
        Assert.All(DiagRun.Entries(archive), e => Assert.DoesNotMatch(word, System.Text.Encoding.UTF8.GetString(e.Content)));
    }

    [Fact]
    public async Task The_window_is_taken_from_iso_times_or_durations_and_written_into_the_manifest()
    {
        var iso = await DiagRun.RunAsync(_sandbox.Directory, null, "diag", "bundle", "--config", _sandbox.ConfigPath, "--output", _out,
            "--since", "2026-12-01T08:00:00Z", "--until", "2026-12-01T10:30:00+02:00");
        var window = DiagRun.Manifest(DiagRun.ArchiveOf(iso)).GetProperty("window");
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), window.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero), window.GetProperty("until").GetDateTimeOffset());

        var before = DateTimeOffset.UtcNow;
        // Its own folder: two bundles made within one second would have the same name.
        var second = Directory.CreateDirectory(Path.Combine(_out, "second")).FullName;
        var span = await DiagRun.RunAsync(_sandbox.Directory, null, "diag", "bundle", "--config", _sandbox.ConfigPath, "--output", second, "--since", "90m");
        var spanWindow = DiagRun.Manifest(DiagRun.ArchiveOf(span)).GetProperty("window");
        var (since, until) = (spanWindow.GetProperty("since").GetDateTimeOffset(), spanWindow.GetProperty("until").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromMinutes(90), until - since);
        Assert.True(until >= before.AddSeconds(-1), $"until {until:O} is before the run started ({before:O})");
    }

    [Theory]
    [InlineData("--since", "2x")]
    [InlineData("--since", "1h", "--until", "2h")]
    [InlineData("--until", "yesterday-ish")]
    [InlineData("--log-lines", "0")]
    [InlineData("--output", "/nonexistent-mik-diag-folder")]
    public async Task Bad_input_is_one_line_and_exit_2_and_nothing_is_written(params string[] args)
    {
        var result = await DiagRun.RunAsync(_sandbox.Directory, null, ["diag", "bundle", "--config", _sandbox.ConfigPath, .. args]);

        result.AssertOneLineError(2);
        Assert.Contains(args[^2], result.Stderr);
        Assert.Empty(Directory.GetFiles(_sandbox.Directory, "mik-diag-*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("diag")]
    [InlineData("diag", "bundle")]
    [InlineData("diag", "inspect")]
    public async Task Help_fits_one_screen(params string[] args)
    {
        var result = await MikCli.RunAsync(_sandbox.Directory, [.. args, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.InRange(result.Stdout.TrimEnd().Split('\n').Length, 3, 24);
    }
}
