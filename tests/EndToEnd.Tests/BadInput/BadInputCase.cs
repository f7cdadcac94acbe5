namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// One row of the bad-input catalogue (docs/reliability.md). Each area (runtime HTTP, guests, admin API, config,
/// filesystem) keeps its rows in one list that both its tests run and the catalogue's table shows, so the table cannot
/// drift from what is tested.
/// </summary>
/// <param name="Area">runtime-http, guest, admin-api, config or filesystem.</param>
/// <param name="Name">Unique snake_case name; the theory's row id.</param>
/// <param name="Input">What is sent or set up, in a few words.</param>
/// <param name="Expected">The answer: an HTTP status ("400") or a process exit code ("exit 2").</param>
/// <param name="Error">The error code or message fragment that answer must carry ("" where the protocol has no body).</param>
/// <param name="HealthyAfter">Whether the server must answer a normal request afterwards (false only where it refuses to start).</param>
public sealed record BadInputCase(string Area, string Name, string Input, string Expected, string Error, bool HealthyAfter = true);
