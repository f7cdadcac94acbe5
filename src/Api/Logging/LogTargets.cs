namespace Mik.Durable.Api.Logging;

/// <summary>Logger categories, written as the <c>target</c> field (docs/operations.md).</summary>
internal static class LogTargets
{
    public const string Request = "mik::request";
    public const string Runtime = "mik::runtime";
    public const string Guest = "mik::guest";
    public const string Server = "mik::server";
    public const string Config = "mik::config";
    public const string EventStore = "mik::event_store";
    public const string Audit = "audit";
}
