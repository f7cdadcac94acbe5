namespace Mik.Durable.Api.Cli.Local;

/// <summary>
/// What the server would have answered: the guest's response, or mik's JSON error body with its status. A run that
/// failed carries the error code (handler_trap, instantiate_failed…) and message.
/// </summary>
internal sealed record CallAnswer(
    int Status,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    IReadOnlyList<string> Stderr,
    string? Error = null,
    string? Message = null)
{
    public bool Failed => Error is not null;

    /// <summary>1xx, 204 and 304 have no body: the server writes none, so neither does <c>mik call</c>.</summary>
    public bool HasBody => Status is >= 200 and not 204 and not 304;
}
