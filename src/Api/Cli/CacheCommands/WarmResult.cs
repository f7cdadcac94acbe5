namespace Mik.Durable.Api.Cli.CacheCommands;

/// <summary>
/// One module after <c>mik cache warm</c>: <see cref="Result"/> <c>current</c> (its artifact was current already),
/// <c>compiled</c> (a new artifact written), <c>failed</c> (<see cref="Problem"/> says why), or, through a running mik,
/// its <c>cache.aot</c> state.
/// </summary>
internal sealed record WarmResult(string Module, string Result, long Bytes, string? Problem);
