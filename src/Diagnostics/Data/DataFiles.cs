namespace Mik.Durable.Diagnostics.Data;

/// <summary>The data evidence files, by bundle path (docs/diagnostics.md, "Evidence files").</summary>
internal static class DataFiles
{
    public const string Effective = "config/effective.json";
    public const string Toml = "config/mik.toml";
    public const string Problems = "config/problems.json";
    public const string Source = "config/source.json";
    public const string Modules = "modules.json";
    public const string Journal = "logs/journal.jsonl";
    public const string LogsFolder = "logs/";
    public const string Audit = "audit/events.jsonl";
    public const string Circuits = "circuits.json";
    public const string Instances = "instances.json";
    public const string EventStore = "event_store.json";
}
