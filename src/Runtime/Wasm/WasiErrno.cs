namespace Mik.Durable.Runtime.Wasm;

/// <summary>The WASI preview 1 errno values the managed subset returns.</summary>
internal static class WasiErrno
{
    public const int Success = 0;
    public const int BadF = 8;
    public const int Fault = 21;
    public const int Inval = 28;
    public const int SPipe = 70;
}
