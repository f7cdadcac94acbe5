using System.Text.Json;
using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// A received bundle read back: its manifest, what does not match it, its files as an <see cref="Evidence"/>, the
/// <c>doctor.json</c> it came with, and the same checks run again here over the same files.
/// </summary>
public sealed record BundleInspection(
    string Folder, BundleManifest Manifest, IReadOnlyList<string> Problems, Evidence Evidence, DoctorReport? Bundled, DoctorReport Rerun)
{
    /// <exception cref="InvalidDataException">The archive is unreadable, unsafe, or has no manifest.</exception>
    public static BundleInspection Open(Stream archive, IEnumerable<ICheck> checks, DateTimeOffset now)
    {
        var (folder, files) = BundleReader.Read(archive);
        var manifest = BundleVerifier.Manifest(files);
        var problems = BundleVerifier.Problems(manifest, files).ToList();
        if (folder != manifest.Name) problems.Add($"{folder}/: the folder is not named like the bundle ({manifest.Name})");
        var evidenceFiles = files.Where(f => f.Key is not (BundleManifest.FileName or BundleManifest.DoctorFileName))
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var evidence = new Evidence(evidenceFiles, manifest.Collectors);
        DoctorReport? bundled = null;
        if (files.TryGetValue(BundleManifest.DoctorFileName, out var doctor))
        {
            try
            {
                bundled = JsonSerializer.Deserialize<DoctorReport>(doctor, EvidenceJson.Options);
            }
            catch (JsonException)
            {
                problems.Add($"{BundleManifest.DoctorFileName}: not a doctor report");
            }
        }
        return new BundleInspection(folder, manifest, problems, evidence, bundled, Doctor.Run(checks, evidence, now));
    }

    public bool Verified => Problems.Count == 0;

    /// <summary>
    /// The checks whose result here differs from <c>doctor.json</c> (by id; empty when they all agree). A difference
    /// means the files changed or this mik's checks differ from the sender's (another version).
    /// </summary>
    public IReadOnlyList<string> DoctorDifferences()
    {
        if (Bundled is null) return ["doctor.json is missing"];
        var ids = Rerun.Checks.Select(c => c.Id).Concat(Bundled.Checks.Select(c => c.Id)).Distinct(StringComparer.Ordinal);
        return [.. ids.Where(id => !Rerun.Checks.Where(c => c.Id == id).Select(Canonical)
            .SequenceEqual(Bundled.Checks.Where(c => c.Id == id).Select(Canonical)))];
    }

    private static string Canonical(CheckResult result) => JsonSerializer.Serialize(result, EvidenceJson.Options);
}
