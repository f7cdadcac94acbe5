namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[state]</c>: where mik keeps its own files (embedded PostgreSQL, audit spool).</summary>
public sealed class StateOptions
{
    /// <summary>State folder; a leading <c>~</c> is the user's home. Default <c>~/.mik</c> (<c>/var/lib/mik</c> under systemd).</summary>
    public string Dir { get; set; } = "~/.mik";

    /// <summary>
    /// Largest size of the audit spool (<c>&lt;dir&gt;/audit-spool/</c>) that holds events while PostgreSQL is away.
    /// Default 256 MiB, about a million events; when full, newer events are refused with an ERROR and the oldest kept.
    /// </summary>
    public int AuditSpoolMaxMb { get; set; } = 256;
}
