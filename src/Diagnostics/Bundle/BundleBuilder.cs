using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// Turns one run's evidence into a bundle's files, in this order: size caps; the secret scan of every file;
/// host placeholders (<c>--redact-hosts</c>); the doctor's checks over those final files (so <c>mik diag inspect</c>,
/// running the same checks on the same files, gets the same verdicts); <c>doctor.json</c>; <c>manifest.json</c>.
/// The scan also runs over <c>doctor.json</c> and the manifest's own text (command line, collector reasons).
/// </summary>
public static class BundleBuilder
{
    public static PreparedBundle Prepare(
        Evidence evidence, IEnumerable<ICheck> checks, BundleInfo info, SecretScanner secrets, IReadOnlyList<string>? redactHosts,
        BundleLimits limits, DateTimeOffset now)
    {
        var reserved = evidence.Files.Keys.Where(p => p is BundleManifest.FileName or BundleManifest.DoctorFileName).ToList();
        if (reserved.Count > 0) throw new InvalidOperationException($"a collector wrote {reserved[0]}, which the bundle itself writes");
        var (files, cut) = SizeCap.Apply(evidence.Files, limits);
        var findings = new List<RedactionFinding>();
        foreach (var path in files.Keys.Order(StringComparer.Ordinal).ToList())
        {
            var (content, kinds) = secrets.Scan(files[path]);
            files[path] = content;
            findings.AddRange(kinds.Select(k => new RedactionFinding(path, k)));
        }
        var hosts = redactHosts is null ? null : new HostRedactor(redactHosts, files);
        if (hosts is not null)
            foreach (var path in files.Keys.ToList()) files[path] = hosts.Apply(files[path]);

        string Clean(string text)
        {
            var (bytes, kinds) = secrets.Scan(Encoding.UTF8.GetBytes(text));
            findings.AddRange(kinds.Select(k => new RedactionFinding(BundleManifest.FileName, k)));
            var scanned = Encoding.UTF8.GetString(bytes);
            return hosts?.Apply(scanned) ?? scanned;
        }

        var collectors = evidence.Collectors.Select(c => c with { Reason = c.Reason is null ? null : Clean(c.Reason) }).ToList();
        var report = Doctor.Run(checks, new Evidence(files, collectors), now);
        var (doctor, doctorKinds) = secrets.Scan(JsonSerializer.SerializeToUtf8Bytes(report, EvidenceJson.Options));
        findings.AddRange(doctorKinds.Select(k => new RedactionFinding(BundleManifest.DoctorFileName, k)));
        files[BundleManifest.DoctorFileName] = hosts?.Apply(doctor) ?? doctor;

        var host = hosts?.PlaceholderOf(info.Host) ?? info.Host;
        var name = NameOf(host, now);
        var manifest = new BundleManifest
        {
            Name = name,
            Mik = info.Mik,
            Wasmtime = info.Wasmtime,
            Dotnet = info.Dotnet,
            Host = host,
            CommandLine = Clean(info.CommandLine),
            Window = info.Window,
            Collected = info.Collected,
            Limits = limits,
            Files = [.. files.OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => new BundleFile(f.Key, f.Value.Length, Sha256(f.Value), cut.TryGetValue(f.Key, out var before) ? before : null))],
            Collectors = collectors,
            Redactions = findings,
            HostsRedacted = hosts is not null,
        };
        // The net under the net: nothing above should leave a secret in the manifest, but it is scanned like the rest.
        var manifestBytes = secrets.Scan(JsonSerializer.SerializeToUtf8Bytes(manifest, EvidenceJson.Options)).Content;
        files[BundleManifest.FileName] = hosts?.Apply(manifestBytes) ?? manifestBytes;
        return new PreparedBundle(name, files, manifest, hosts?.Mapping);
    }

    /// <summary><c>mik-diag-&lt;host&gt;-&lt;yyyyMMddTHHmmssZ&gt;</c>, the host reduced to characters safe in a file name.</summary>
    public static string NameOf(string host, DateTimeOffset at)
    {
        var safe = new string([.. host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-')]).Trim('.');
        return $"mik-diag-{(safe.Length > 0 ? safe : "unknown")}-{at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
