namespace Mik.Durable.Runtime.CompileCache;

internal static class AotInvalidReasonNames
{
    /// <summary>The reason as docs/runtime.md spells it, in the <c>AotInvalidated</c> event and the log line.</summary>
    public static string ToEventName(this AotInvalidReason reason) => reason switch
    {
        AotInvalidReason.Stale => "stale",
        AotInvalidReason.Corrupt => "corrupt",
        AotInvalidReason.VersionMismatch => "version_mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
