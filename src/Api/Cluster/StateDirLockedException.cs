namespace Mik.Durable.Api.Cluster;

/// <summary>Another <c>mik serve</c> holds the state dir; the message tells the operator what to do.</summary>
internal sealed class StateDirLockedException(string stateDir, string lockPath, Exception inner) : IOException(
    $"state dir {stateDir} is in use by another mik process (it holds {lockPath}, which names its pid): " +
    "stop that process, or give this one its own [state] dir", inner)
{
    public string StateDir { get; } = stateDir;
}
