using System.Runtime.InteropServices;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A <c>wasi:http/types.error-code</c> case for the guest, kept as plain data until the guest's thread turns it into a
/// component value (Wasmtime allocates those). <see cref="Text"/> is <c>internal-error</c>'s string or
/// <c>DNS-error</c>'s <c>rcode</c>; <see cref="Size"/> is a <c>…-size</c> case's number.
/// </summary>
internal sealed unsafe record OutgoingError(string Case, string? Text = null, ulong? Size = null)
{
    public const string Denied = "HTTP-request-denied";
    public const string DnsError = "DNS-error";

    public ComponentVal ToVal() => Case switch
    {
        DnsError => ComponentVal.Case(Case, DnsPayload(Text)),
        "internal-error" => ComponentVal.Case(Case, Text is null ? ComponentVal.None() : ComponentVal.Some(ComponentBytes.FromText(Text))),
        "HTTP-response-body-size" or "HTTP-request-body-size" => ComponentVal.Case(Case,
            Size is { } size ? ComponentVal.Some(new ComponentVal { Kind = ComponentVal.KindU64, U64 = size }) : ComponentVal.None()),
        "HTTP-response-header-section-size" => ComponentVal.Case(Case, ComponentVal.None()),
        _ => ComponentVal.Case(Case),
    };

    /// <summary><c>DNS-error-payload { rcode: option&lt;string&gt;, info-code: option&lt;u16&gt; }</c>: a record value.</summary>
    private static ComponentVal DnsPayload(string? rcode)
    {
        var record = new ComponentVal { Kind = KindRecord };
        ComponentApi.wasmtime_component_valrecord_new_uninit((ComponentBytes.NativeList*)&record.ListSize, 2);
        var entries = (RecordEntry*)record.ListData;
        Name(&entries[0], "rcode");
        entries[0].Value = rcode is null ? ComponentVal.None() : ComponentVal.Some(ComponentBytes.FromText(rcode));
        Name(&entries[1], "info-code");
        entries[1].Value = ComponentVal.None();
        return record;
    }

    private static void Name(RecordEntry* entry, string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        fixed (byte* source = bytes) ComponentApi.wasm_byte_vec_new(&entry->Name, (nuint)bytes.Length, source);
    }

    private const byte KindRecord = 14;

    /// <summary><c>wasmtime_component_valrecord_entry_t</c>: a field's name, then its value.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RecordEntry
    {
        public ComponentBytes.NativeName Name;
        public ComponentVal Value;
    }
}
