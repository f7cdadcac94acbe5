namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Refuses a core module whose types Wasmtime's C API cannot describe, before Wasmtime compiles it. The C API aborts
/// the whole process (<c>support for non-externref and non-funcref references is not implemented</c>) when the .NET
/// binding lists the imports or exports of a module using the reference types of the GC, typed function references or
/// exception proposals (<c>exnref</c>, <c>anyref</c>, <c>(ref $t)</c>, …), or exception tags. Found by the upload fuzz
/// target: one such upload stopped <c>mik</c> (docs/reliability.md, Fuzzing).
/// Only the sections that declare types are read (type, import, table, global, export); a module this reader cannot
/// follow is left to Wasmtime, whose validation rejects malformed bytes before anything lists their types.
/// </summary>
internal static class CoreModuleTypes
{
    private const string Why = "uses WebAssembly reference types mik cannot run (only funcref and externref are supported)";

    /// <summary>Why <paramref name="wasm"/> must not reach Wasmtime, or null.</summary>
    public static string? Refusal(ReadOnlySpan<byte> wasm)
    {
        if (wasm.Length < 8 || wasm[4] != 1) return null;
        var reader = new Reader(wasm[8..]);
        try
        {
            while (!reader.AtEnd)
            {
                var id = reader.Byte();
                var section = new Reader(reader.Bytes((int)reader.U32()));
                if (Section(id, ref section) is { } refusal) return refusal;
            }
        }
        catch (FormatException)
        {
            // Malformed or not understood here: Wasmtime decides (its validation runs before any type is listed).
        }
        return null;
    }

    private static string? Section(byte id, ref Reader section)
    {
        switch (id)
        {
            case 1:
                for (var n = section.U32(); n > 0; n--)
                {
                    if (section.Byte() != 0x60) return $"{Why}: it declares GC types";
                    for (var p = section.U32(); p > 0; p--) if (!ValueType(ref section)) return Why;
                    for (var r = section.U32(); r > 0; r--) if (!ValueType(ref section)) return Why;
                }
                return null;
            case 2:
                for (var n = section.U32(); n > 0; n--)
                {
                    section.Bytes((int)section.U32());
                    section.Bytes((int)section.U32());
                    if (Import(ref section) is { } refusal) return refusal;
                }
                return null;
            case 4:
                for (var n = section.U32(); n > 0; n--) if (!TableType(ref section)) return Why;
                return null;
            case 6:
                for (var n = section.U32(); n > 0; n--)
                {
                    if (!ValueType(ref section)) return Why;
                    section.Byte();
                    SkipConstant(ref section);
                }
                return null;
            case 7:
                for (var n = section.U32(); n > 0; n--)
                {
                    section.Bytes((int)section.U32());
                    if (section.Byte() == 0x04) return $"{Why}: it exports an exception tag";
                    section.U32();
                }
                return null;
            default:
                return null;
        }
    }

    private static string? Import(ref Reader section)
    {
        switch (section.Byte())
        {
            case 0x00:
                section.U32();
                return null;
            case 0x01:
                return TableType(ref section) ? null : Why;
            case 0x02:
                Limits(ref section);
                return null;
            case 0x03:
                if (!ValueType(ref section)) return Why;
                section.Byte();
                return null;
            case 0x04:
                return $"{Why}: it imports an exception tag";
            default:
                throw new FormatException();
        }
    }

    // A global's initializer; an instruction not listed here ends the reading (Wasmtime decides).
    private static void SkipConstant(ref Reader section)
    {
        while (true)
        {
            switch (section.Byte())
            {
                case 0x0B:
                    return;
                case 0x41 or 0x42 or 0x23 or 0xD0 or 0xD2:
                    section.U64();
                    break;
                case 0x43:
                    section.Bytes(4);
                    break;
                case 0x44:
                    section.Bytes(8);
                    break;
                case 0x6A or 0x6B or 0x6C or 0x7C or 0x7D or 0x7E:
                    break;
                case 0xFD when section.U32() == 12:
                    section.Bytes(16);
                    break;
                default:
                    throw new FormatException();
            }
        }
    }

    private static bool TableType(ref Reader section)
    {
        if (!ReferenceType(ref section)) return false;
        Limits(ref section);
        return true;
    }

    private static void Limits(ref Reader section)
    {
        var flags = section.Byte();
        section.U64();
        if ((flags & 0x01) != 0) section.U64();
        if ((flags & 0x08) != 0) section.U32();
    }

    // i32, i64, f32, f64, v128, or a reference type the C API knows.
    private static bool ValueType(ref Reader section)
    {
        var type = section.Peek();
        if (type is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B)
        {
            section.Byte();
            return true;
        }
        return ReferenceType(ref section);
    }

    // funcref and externref, also in their long form (ref null func / ref null extern).
    private static bool ReferenceType(ref Reader section)
    {
        var type = section.Byte();
        if (type is 0x70 or 0x6F) return true;
        return type == 0x63 && section.Byte() is 0x70 or 0x6F;
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public readonly bool AtEnd => _rest.IsEmpty;

        public readonly byte Peek() => _rest.IsEmpty ? throw new FormatException() : _rest[0];

        public byte Byte()
        {
            var b = Peek();
            _rest = _rest[1..];
            return b;
        }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || count > _rest.Length) throw new FormatException();
            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }

        public uint U32()
        {
            var value = U64();
            return value <= int.MaxValue ? (uint)value : throw new FormatException();
        }

        public ulong U64()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new FormatException();
        }
    }
}
