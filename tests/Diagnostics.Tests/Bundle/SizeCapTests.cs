using System.Text;
using Mik.Durable.Diagnostics.Bundle;

namespace Mik.Durable.Diagnostics.Tests.Bundle;

public sealed class SizeCapTests
{
    [Fact]
    public void A_file_over_the_cap_keeps_its_newest_whole_lines_and_the_manifest_says_how_big_it_was()
    {
        var log = string.Concat(Enumerable.Range(1, 1000).Select(i => $"line {i:0000}\n"));
        var bundle = BundleFixtures.Prepare(BundleFixtures.Evidence(("logs/mik.log", log), ("small.json", "{}")), limits: new BundleLimits(FileBytes: 105));

        var kept = Encoding.UTF8.GetString(bundle.Files["logs/mik.log"]);

        Assert.Equal(string.Concat(Enumerable.Range(991, 10).Select(i => $"line {i:0000}\n")), kept);
        var file = bundle.Manifest.Files.Single(f => f.Path == "logs/mik.log");
        Assert.Equal((kept.Length, (long?)log.Length), (file.Size, file.TruncatedFrom));
        Assert.Null(bundle.Manifest.Files.Single(f => f.Path == "small.json").TruncatedFrom);
    }

    [Fact]
    public void Over_the_total_the_largest_files_are_cut_first_and_small_ones_stay_whole()
    {
        var big = string.Concat(Enumerable.Repeat("0123456789\n", 100));
        var bundle = BundleFixtures.Prepare(
            BundleFixtures.Evidence(("logs/a.log", big), ("logs/b.log", big[..550]), ("health.json", "{\"status\":\"ok\"}")),
            limits: new BundleLimits(FileBytes: 10_000, TotalBytes: 800));

        Assert.True(bundle.Files.Where(f => f.Key.StartsWith("logs/", StringComparison.Ordinal)).Sum(f => f.Value.Length) + 15 <= 800);
        Assert.Equal("{\"status\":\"ok\"}", Encoding.UTF8.GetString(bundle.Files["health.json"]));
        Assert.EndsWith("0123456789\n", Encoding.UTF8.GetString(bundle.Files["logs/a.log"]), StringComparison.Ordinal);
        Assert.NotNull(bundle.Manifest.Files.Single(f => f.Path == "logs/a.log").TruncatedFrom);
    }
}
