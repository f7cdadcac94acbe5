namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[state]</c>: where mik keeps its own files (embedded PostgreSQL, audit spool).</summary>
public sealed class StateOptions
{
    /// <summary>State folder; a leading <c>~</c> is the user's home. Default <c>~/.mik</c> (<c>/var/lib/mik</c> under systemd).</summary>
    public string Dir { get; set; } = "~/.mik";
}
