namespace Mik.Durable.Runtime.Tests.Properties;

/// <summary>How many cases a property tries: its own count, unless CsCheck_Iter or CsCheck_Time asks for a longer run.</summary>
internal static class PropertyRuns
{
    public static long Iter(long own) =>
        Environment.GetEnvironmentVariable("CsCheck_Iter") is { Length: > 0 } || Environment.GetEnvironmentVariable("CsCheck_Time") is { Length: > 0 }
            ? -1
            : own;
}
