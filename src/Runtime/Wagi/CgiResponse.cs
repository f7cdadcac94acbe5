namespace Mik.Durable.Runtime.Wagi;

/// <summary>The HTTP response a guest described on stdout.</summary>
/// <param name="Status">Status to send: the guest's <c>Status:</c>, else 302 with <c>Location:</c>, else 200.</param>
/// <param name="Headers">Headers to send, in the guest's order; <c>Content-Type</c> and <c>Location</c> at most once.</param>
/// <param name="Body">Everything after the blank line, a slice of the stdout buffer (valid until the result is disposed).</param>
/// <param name="Warnings">Header lines that were skipped and why, for the log.</param>
internal sealed record CgiResponse(
    int Status,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<string> Warnings);
