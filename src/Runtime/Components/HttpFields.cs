namespace Mik.Durable.Runtime.Components;

/// <summary>A <c>fields</c> resource: header names and values in the order the guest gave them.</summary>
internal sealed class HttpFields
{
    public List<KeyValuePair<string, byte[]>> Entries { get; } = [];
}
