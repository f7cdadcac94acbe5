using System.Text.Json;

namespace Mik.Durable.Diagnostics.Host.Model;

/// <summary><c>health.json</c>: the status code and JSON body of <c>GET &lt;runtime&gt;/health</c> (a string when it was not JSON).</summary>
internal sealed record HealthEvidence(int HttpStatus, JsonElement Body);
