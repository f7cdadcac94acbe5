using System.Text;
using System.Text.Json;
using Mik.Durable.Diagnostics.Bundle;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Tests.Bundle;

public sealed class HostRedactionTests : IDisposable
{
    private readonly string _folder = BundleFixtures.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Each_host_and_address_gets_one_placeholder_in_every_file_and_loopback_is_kept()
    {
        var evidence = BundleFixtures.Evidence(
            ("a.txt", "box1 served 10.1.2.3 and db.internal:5432; bound 0.0.0.0:3000, admin 127.0.0.1:9090"),
            ("b.json", "{\"peer\":\"10.1.2.3\",\"host\":\"BOX1\",\"other\":\"192.168.7.9\",\"instance\":\"box1-1234\"}"),
            ("c.txt", "fe80::1c2:3ff:fe4:5 and ::1 and version 12:30:45"));
        var config = new MikConfig();
        config.Database.Url = "postgres://mik@db.internal:5432/mik";
        var known = RedactedHosts.From(BundleFixtures.Context(config), "box1");

        var bundle = BundleFixtures.Prepare(evidence, hosts: known);

        Assert.Equal("host-1 served ip-1 and host-2:5432; bound 0.0.0.0:3000, admin 127.0.0.1:9090", Text(bundle, "a.txt"));
        Assert.Equal("{\"peer\":\"ip-1\",\"host\":\"host-1\",\"other\":\"ip-2\",\"instance\":\"host-1-1234\"}", Text(bundle, "b.json"));
        Assert.Equal("ip-3 and ::1 and version 12:30:45", Text(bundle, "c.txt"));
        Assert.Equal("host-1", bundle.Manifest.Host);
        Assert.StartsWith("mik-diag-host-1-", bundle.Name, StringComparison.Ordinal);
        Assert.DoesNotContain("box1", Text(bundle, "manifest.json"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new Dictionary<string, string>
        {
            ["host-1"] = "box1", ["host-2"] = "db.internal", ["ip-1"] = "10.1.2.3", ["ip-2"] = "192.168.7.9", ["ip-3"] = "fe80::1c2:3ff:fe4:5",
        }, bundle.HostMapping!.OrderBy(m => m.Key).ToDictionary());
    }

    [Fact]
    public void The_mapping_is_written_beside_the_archive_for_its_owner_only_and_not_into_it()
    {
        var bundle = BundleFixtures.Prepare(BundleFixtures.Evidence(("a.txt", "box1 at 10.0.0.7")), hosts: ["box1"]);
        var archive = BundleArchive.Write(bundle, _folder, BundleFixtures.At);

        var mapping = BundleArchive.WriteHostMapping(archive, bundle.HostMapping!);

        Assert.Equal(archive[..^".tar.gz".Length] + ".hosts.json", mapping);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(mapping));
        Assert.Equal("box1", JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(mapping))!["host-1"]);
        var (_, files) = BundleReader.Read(archive);
        Assert.All(files.Values, content => Assert.DoesNotContain("10.0.0.7", Encoding.UTF8.GetString(content)));
        Assert.DoesNotContain(files.Keys, k => k.Contains("hosts", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_bundle_redacted_twice_gets_the_same_placeholders()
    {
        var evidence = BundleFixtures.Evidence(("z.txt", "10.9.9.9"), ("a.txt", "10.5.5.5 then 10.9.9.9"));

        var first = BundleFixtures.Prepare(evidence, hosts: []);
        var second = BundleFixtures.Prepare(evidence, hosts: []);

        Assert.Equal("ip-1 then ip-2", Text(first, "a.txt"));
        Assert.Equal(first.HostMapping, second.HostMapping);
    }

    private static string Text(PreparedBundle bundle, string path) => Encoding.UTF8.GetString(bundle.Files[path]);
}
