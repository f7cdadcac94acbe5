namespace Mik.Durable.Diagnostics.Host.Model;

/// <summary>What <c>systemctl show mik.service</c> says: the unit's active and sub state and its main pid.</summary>
internal sealed record SystemdEvidence(string Unit, string ActiveState, string SubState, int? MainPid);
