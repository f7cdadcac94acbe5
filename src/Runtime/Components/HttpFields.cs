namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A <c>fields</c> resource: header names and values in the order the guest gave them. Fields mik hands the guest
/// (a request's headers) are immutable; a change the guest may not make is a <c>header-error</c> case.
/// </summary>
internal sealed class HttpFields
{
    /// <summary>
    /// Framing and connection headers: Kestrel frames the response and owns the connection, so a guest may not set
    /// them (docs/components.md). <c>content-length</c> is taken, as Wasmtime takes it, but never sent on.
    /// </summary>
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "transfer-encoding", "connection", "keep-alive", "proxy-connection", "upgrade", "te",
        "trailer", "host", "http2-settings",
    };

    public List<KeyValuePair<string, byte[]>> Entries { get; } = [];

    /// <summary>
    /// The entries to send: without <c>content-length</c>, since Kestrel and HttpClient frame the body from the
    /// bytes actually written (StarlingMonkey sends one with every body it knows the length of).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> ToSend() =>
        Entries.Exists(IsContentLength) ? [.. Entries.Where(entry => !IsContentLength(entry))] : Entries;

    public bool Immutable { get; init; }

    /// <summary>An immutable copy, as the interface hands out a request's or response's <c>headers</c>.</summary>
    public HttpFields ImmutableCopy()
    {
        var copy = new HttpFields { Immutable = true };
        copy.Entries.AddRange(Entries);
        return copy;
    }

    private static bool IsContentLength(KeyValuePair<string, byte[]> entry) =>
        string.Equals(entry.Key, "content-length", StringComparison.OrdinalIgnoreCase);

    /// <summary>Appends one value; null when done, else the <c>header-error</c> case that refuses it.</summary>
    public string? Append(string name, byte[] value)
    {
        if (Refusal(name, value) is { } refusal) return refusal;
        Entries.Add(new(name.ToLowerInvariant(), value));
        return null;
    }

    /// <summary>Replaces every value of <paramref name="name"/>; null when done, else the refusing case.</summary>
    public string? Set(string name, IReadOnlyList<byte[]> values)
    {
        if (Refusal(name, []) is { } refusal) return refusal;
        foreach (var value in values)
            if (Refusal(name, value) is { } invalid) return invalid;
        Entries.RemoveAll(entry => string.Equals(entry.Key, name, StringComparison.OrdinalIgnoreCase));
        Entries.AddRange(values.Select(value => new KeyValuePair<string, byte[]>(name.ToLowerInvariant(), value)));
        return null;
    }

    /// <summary>Removes every value of <paramref name="name"/>; null when done, else the refusing case.</summary>
    public string? Delete(string name)
    {
        if (Refusal(name, []) is { } refusal) return refusal;
        Entries.RemoveAll(entry => string.Equals(entry.Key, name, StringComparison.OrdinalIgnoreCase));
        return null;
    }

    /// <summary>Every value of <paramref name="name"/> (any case), in the order they were added.</summary>
    public IReadOnlyList<byte[]> Values(string name) =>
        [.. Entries.Where(entry => string.Equals(entry.Key, name, StringComparison.OrdinalIgnoreCase)).Select(entry => entry.Value)];

    /// <summary>Why <paramref name="name"/> with <paramref name="value"/> may not be added here, or null.</summary>
    public string? Refusal(string name, byte[] value)
    {
        if (!IsToken(name) || !IsFieldValue(value)) return "invalid-syntax";
        if (Forbidden.Contains(name)) return "forbidden";
        return Immutable ? "immutable" : null;
    }

    // RFC 9110 token: the characters a field name may hold.
    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c < 0x7f && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)));

    // RFC 9110 field value: visible characters, spaces and tabs, no surrounding whitespace; never CR, LF or NUL.
    private static bool IsFieldValue(byte[] value) =>
        value.All(b => b == '\t' || b >= 0x20 && b != 0x7f)
        && (value.Length == 0 || value[0] is not ((byte)' ' or (byte)'\t') && value[^1] is not ((byte)' ' or (byte)'\t'));
}
