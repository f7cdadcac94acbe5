namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// The latest <c>ModuleActivated</c> (<see cref="Failed"/> false) or <c>ModuleActivationFailed</c> of one instance
/// for one module; <see cref="Sha256"/> is "" when the instance reported that it no longer serves the module.
/// </summary>
internal sealed record ActivationReport(string Instance, string Module, bool Failed, string Sha256, string? Reason, DateTimeOffset At, long Seq);
