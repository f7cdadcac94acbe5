using Mik.Durable.Diagnostics;
using Mik.Durable.Diagnostics.Bundle;
using Mik.Durable.Diagnostics.Collecting;
using Spectre.Console;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>One <c>mik diag bundle</c>: collect (with progress on a terminal), prepare, then write or, dry, only measure.</summary>
internal sealed class DiagBundleRun(CollectContext context, string folder, bool redactHosts, BundleInfo info)
{
    public async Task<int> ExecuteAsync(TextWriter output, TextWriter error, bool dryRun, CancellationToken cancellationToken)
    {
        var terminal = CliConventions.IsTerminal(output);
        var collectors = DiagnosticsCatalog.Collectors();
        var started = DateTimeOffset.UtcNow;
        Evidence evidence;
        if (terminal)
        {
            var done = 0;
            evidence = await CliConventions.Terminal.Status().StartAsync($"collecting: 0 of {collectors.Count} done", live =>
                CollectorRunner.RunAsync(collectors, context, new Lines(status =>
                {
                    CliConventions.Terminal.MarkupLine(DiagBundleOutput.Markup(status));
                    live.Status($"collecting: {++done} of {collectors.Count} done");
                }), cancellationToken));
        }
        else
        {
            evidence = await CollectorRunner.RunAsync(collectors, context, cancellationToken: cancellationToken);
        }
        var finished = DateTimeOffset.UtcNow;
        var hosts = redactHosts ? RedactedHosts.From(context, info.Host) : null;
        var bundle = BundleBuilder.Prepare(evidence, DiagnosticsCatalog.Checks(), info with { Collected = new BundleWindow(started, finished) },
            new SecretScanner(SecretValues.From(context)), hosts, new BundleLimits(), finished);
        if (dryRun)
        {
            DiagBundleOutput.WriteDryRun(output, bundle, BundleArchive.CompressedSize(bundle, finished));
            return ExitCodes.Ok;
        }
        var path = BundleArchive.Write(bundle, folder, finished);
        var mapping = bundle.HostMapping is null ? null : BundleArchive.WriteHostMapping(path, bundle.HostMapping);
        if (terminal)
        {
            DiagBundleOutput.WriteDone(output, bundle, path, new FileInfo(path).Length);
            if (mapping is not null) output.WriteLine($"host placeholders: {mapping} (keep it; it is not in the bundle)");
        }
        else
        {
            output.WriteLine(path);
            // Piped, stdout is the archive's path alone; the mapping's path goes where a person still sees it.
            if (mapping is not null) error.WriteLine($"host placeholders: {mapping}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>Reports each collector as it ends, on the caller's console, one at a time.</summary>
    private sealed class Lines(Action<CollectorStatus> write) : IProgress<CollectorStatus>
    {
        private readonly Lock _gate = new();

        public void Report(CollectorStatus value)
        {
            lock (_gate) write(value);
        }
    }
}
