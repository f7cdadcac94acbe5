namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>What a config row writes and sets before it runs <c>mik serve</c> (or <c>mik validate</c>).</summary>
internal sealed record ConfigSetup
{
    /// <summary>
    /// Dotted keys and raw TOML values written over the sandbox's own (its free ports, folders and database).
    /// <c>{port}</c> in a value is the sandbox's runtime port.
    /// </summary>
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>();

    /// <summary>TOML after the keys (an unknown section, a key again); <c>{port}</c> as in <see cref="Keys"/>.</summary>
    public string Tail { get; init; } = "";

    /// <summary>The whole file instead of the sandbox's settings (malformed TOML, an empty file).</summary>
    public string? File { get; init; }

    public ConfigTarget Target { get; init; } = ConfigTarget.File;

    /// <summary>Environment variables for mik (the overrides).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>A listener whose port another socket holds first: <c>runtime</c> or <c>admin</c>.</summary>
    public string? Occupied { get; init; }

    /// <summary>Run <c>mik validate</c> on a module with this config instead of <c>mik serve</c>.</summary>
    public bool Validate { get; init; }

    /// <summary>Every problem line mik must print (besides the row's Error): one per key of a section.</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    /// <summary>Text that must appear nowhere in what mik prints: a secret of the wrong type or in the wrong place.</summary>
    public string? Hidden { get; init; }
}
