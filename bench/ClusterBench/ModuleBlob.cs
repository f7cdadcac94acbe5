namespace Mik.Durable.ClusterBench;

/// <summary>Module bytes as a Marten document: System.Text.Json writes the byte[] as base64 into jsonb.</summary>
internal sealed class ModuleBlob
{
    public string Id { get; set; } = "";
    public byte[] Bytes { get; set; } = [];
}
