using System.Globalization;

namespace Mik.Durable.Domain.AuditTrail;

/// <summary>The audit stream keys (docs/operations.md, The audit trail).</summary>
public static class AuditStreams
{
    public static string Module(string module) => "module:" + module;

    /// <summary>
    /// Uploads refused for a name that is not a module name. The leading underscore no module name can have keeps
    /// it apart from every <c>module:&lt;name&gt;</c>.
    /// </summary>
    public const string RejectedUploads = "module:_rejected";

    public static string Breaker(string module) => "breaker:" + module;

    public static string Cache(string module) => "cache:" + module;

    public static string Instance(string instanceId) => "instance:" + instanceId;

    /// <summary>Operations on the cluster's derived state as a whole, e.g. a rebuild of the projections.</summary>
    public const string State = "state";

    /// <summary>One auth stream per UTC day keeps streams short however many failures a day brings.</summary>
    public static string Auth(DateTimeOffset at) => "auth:" + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
