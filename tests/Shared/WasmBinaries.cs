namespace Mik.Durable.Tests.Shared;

/// <summary>Tiny WebAssembly binaries written byte by byte, for files in a modules folder (no wat2wasm needed).</summary>
internal static class WasmBinaries
{
    /// <summary>
    /// Exports <c>_start</c> but imports <c>env.memory</c>, which no linker provides (a missing function import would
    /// be a trap stub; a memory cannot be): it compiles and can never be instantiated.
    /// </summary>
    public static byte[] ImportsUnknownMemory { get; } =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x02, 0x0f, 0x01, 0x03, (byte)'e', (byte)'n', (byte)'v', 0x06, (byte)'m', (byte)'e', (byte)'m', (byte)'o', (byte)'r', (byte)'y', 0x02, 0x00, 0x01,
        0x03, 0x02, 0x01, 0x00,
        0x07, 0x0a, 0x01, 0x06, (byte)'_', (byte)'s', (byte)'t', (byte)'a', (byte)'r', (byte)'t', 0x00, 0x00,
        0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
    ];

    /// <summary>The preamble of a WebAssembly component (layer 1), which mik does not run.</summary>
    public static byte[] Component { get; } = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
}
