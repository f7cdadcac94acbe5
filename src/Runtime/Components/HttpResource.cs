namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The host resource types mik defines for a <c>wasi:http</c> component: the number is the type's identity
/// (<c>wasmtime_component_resource_type_new_host</c>), which Wasmtime checks on every handle a guest passes back.
/// </summary>
internal enum HttpResource : uint
{
    IoError = 1,
    OutputStream = 2,
    Fields = 3,
    IncomingRequest = 4,
    OutgoingResponse = 5,
    OutgoingBody = 6,
    ResponseOutparam = 7,
    IncomingBody = 8,
    InputStream = 9,
    Pollable = 10,

    // wasi:cli and wasi:filesystem (WasiWorldDefinitions): numbered apart, so other appended types never collide.
    TerminalInput = 40,
    TerminalOutput = 41,
    Descriptor = 42,
    DirectoryEntryStream = 43,
}
