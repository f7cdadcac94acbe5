namespace Mik.Durable.Diagnostics.Collecting;

/// <summary>
/// Gathers one kind of evidence into files (docs/diagnostics.md, "Evidence files"). A collector runs alone under its
/// own timeout: whatever it throws is recorded against it and the others go on.
/// </summary>
public interface ICollector
{
    /// <summary>Stable name, as in the manifest (<c>service</c>, <c>health</c>, …); a failure is <c>&lt;name&gt;.err.txt</c>.</summary>
    string Name { get; }

    /// <summary>How long it may take before it is cut and recorded as <c>timeout</c>.</summary>
    TimeSpan Timeout { get; }

    /// <summary>
    /// Adds its files to <paramref name="output"/>. Throw <see cref="CollectorSkippedException"/> when it does not
    /// apply (the server is stopped, no systemd): that is <c>skipped</c> with the reason, not a failure.
    /// </summary>
    Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken);
}
