namespace Mik.Durable.Api.Cluster;

/// <summary>The state dir cannot be made or used; the message names <c>state.dir</c>, its value and why.</summary>
internal sealed class StateDirException(string stateDir, string reason, Exception? inner = null)
    : IOException($"state.dir = \"{stateDir}\": {reason}; fix it, or set [state] dir to a folder mik may write", inner);
