namespace Mik.Durable.Runtime.Wasm;

/// <summary>What one guest call gets: environ, argv, stdin, and the export to call.</summary>
internal sealed record GuestInput(
    IReadOnlyList<KeyValuePair<string, string>> Env, string[] Argv, ReadOnlyMemory<byte> Stdin, string Entrypoint);
