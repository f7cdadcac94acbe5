namespace Mik.Durable.Diagnostics.Host.Proc;

/// <summary>What <c>/proc/&lt;pid&gt;</c> says about one process (never its environment, which may hold secrets).</summary>
internal sealed record ProcessFacts(int Pid, string Name, string CommandLine, DateTimeOffset? StartedAt, int? Threads, long? RssBytes, int? OpenFiles);
