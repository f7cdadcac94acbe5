namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[database]</c>: where the audit trail lives (docs/operations.md).</summary>
public sealed class DatabaseOptions
{
    /// <summary>
    /// External PostgreSQL as a <c>postgres://user:pass@host:port/db</c> URL or an Npgsql connection string.
    /// Default empty: run the embedded cluster under <c>&lt;state_dir&gt;/pg</c>. Env <c>MIK_DATABASE_URL</c>.
    /// </summary>
    [Secret]
    public string Url { get; set; } = "";

    /// <summary>Schema of mik's tables. Default <c>mik</c>.</summary>
    public string Schema { get; set; } = "mik";

    /// <summary>TCP port of the embedded cluster on 127.0.0.1; 0 picks a free port at each start. Default 0.</summary>
    public int EmbeddedPort { get; set; }
}
