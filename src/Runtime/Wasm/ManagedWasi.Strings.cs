using System.Buffers.Binary;

namespace Mik.Durable.Runtime.Wasm;

internal static partial class ManagedWasi
{
    /// <summary><c>args_sizes_get</c>, <c>environ_sizes_get</c>: the count and the buffer size.</summary>
    private static int SizesGet(GuestMemory memory, WasiStrings strings, int countPointer, int sizePointer)
    {
        var errno = memory.WriteUInt32(countPointer, (uint)strings.Count);
        return errno != WasiErrno.Success ? errno : memory.WriteUInt32(sizePointer, (uint)strings.Buffer.Length);
    }

    /// <summary><c>args_get</c>, <c>environ_get</c>: a table of pointers into the guest's buffer, then the strings.</summary>
    private static int StringsGet(GuestMemory memory, WasiStrings strings, int pointers, int buffer)
    {
        if (!memory.TryGetSpan(pointers, strings.Count * 4L, out var table)) return WasiErrno.Fault;
        for (var i = 0; i < strings.Count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(table[(i * 4)..], (uint)buffer + (uint)strings.Offsets[i]);
        if (!memory.TryGetSpan(buffer, strings.Buffer.Length, out var bytes)) return WasiErrno.Fault;
        strings.Buffer.CopyTo(bytes);
        return WasiErrno.Success;
    }
}
