using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// <c>manifest.json</c> of a bundle (docs/diagnostics.md, "Manifest"): what made it, when, the window it covers,
/// every other file with its size and sha256, how each collector ended, and which files the secret scan changed.
/// </summary>
public sealed record BundleManifest
{
    public const int CurrentFormatVersion = 1;
    public const string FileName = "manifest.json";
    public const string DoctorFileName = "doctor.json";

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required string Name { get; init; }
    public required string Mik { get; init; }
    public required string Wasmtime { get; init; }
    public required string Dotnet { get; init; }
    public required string Host { get; init; }
    public required string CommandLine { get; init; }
    public required BundleWindow Window { get; init; }

    /// <summary>When the collectors started and when the last one ended (the metric changes are dated by the end).</summary>
    public required BundleWindow Collected { get; init; }

    public required BundleLimits Limits { get; init; }
    public required IReadOnlyList<BundleFile> Files { get; init; }
    public required IReadOnlyList<CollectorStatus> Collectors { get; init; }
    public required IReadOnlyList<RedactionFinding> Redactions { get; init; }

    /// <summary>Whether <c>--redact-hosts</c> replaced host names and addresses (the mapping is outside the archive).</summary>
    public bool HostsRedacted { get; init; }
}
