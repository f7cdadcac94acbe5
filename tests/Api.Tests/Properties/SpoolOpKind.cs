namespace Mik.Durable.Api.Tests.Properties;

internal enum SpoolOpKind
{
    /// <summary>Record <c>Value</c> events.</summary>
    Append,

    /// <summary>PostgreSQL goes away (connections cut, new ones refused); nothing if it is away already.</summary>
    Outage,

    /// <summary>PostgreSQL answers again; nothing if it is up.</summary>
    Recovery,

    /// <summary>The process stops (the writer's flush on stop) and a new one starts on the same spool folder.</summary>
    Restart,

    /// <summary>Let the writer run for <c>Value</c> ms.</summary>
    Pause,
}
