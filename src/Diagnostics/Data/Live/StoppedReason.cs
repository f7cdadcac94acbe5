using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Data.Live;

/// <summary>The words a collector that needs the live server skips with.</summary>
internal static class StoppedReason
{
    public static string Of(CollectContext context) => $"mik is not running (nothing answers on the admin listener {context.AdminUrl})";
}
