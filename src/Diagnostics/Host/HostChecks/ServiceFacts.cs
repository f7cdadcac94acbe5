using Mik.Durable.Diagnostics.Host.Model;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>What the fixes need to know about how mik is run here: under systemd, and with which --config.</summary>
internal sealed record ServiceFacts(bool UnderSystemd, string ConfigArgument)
{
    public static ServiceFacts Of(ServiceEvidence? service) =>
        new(service?.Systemd is not null, service?.ConfigPath is { } path ? $" --config {path}" : "");
}
