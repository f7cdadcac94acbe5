using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Data.Live;

/// <summary>The words a collector that needs the live server skips with.</summary>
internal static class StoppedReason
{
    public static string Of(CollectContext context) => $"mik is not running (nothing answers on the admin listener {context.AdminUrl})";

    /// <summary>mik runs, but this command has no key: its protected routes are not asked (see <see cref="AdminApi.MayAsk"/>).</summary>
    public const string NoKey = "mik runs, but MIK_API_KEY is not set for this command, so its admin API is not asked (a call without the key would be recorded as an auth failure)";

    /// <summary>Why the event store was read, or could not be, in place of the admin API.</summary>
    public static string StoreUnavailable(CollectContext context, bool answers) =>
        (answers ? NoKey + ", and" : "mik is not running and") + $" the event store cannot be read: {context.EventStoreUnavailableReason}";
}
