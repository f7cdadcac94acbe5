namespace Mik.Durable.Api.ModuleChanges;

/// <summary>
/// A change of the modules folder on its way to the event store: <paramref name="Sha256"/> is the file now served
/// ("" when the file was deleted), <paramref name="Replaces"/> the sha256 this instance served before it (null: none),
/// which the store must still hold for the change to be committed.
/// </summary>
/// <param name="AtStart">Found by the scan that started the instance rather than seen while it ran.</param>
/// <param name="SeenAt">When the scan saw it: a change the store got later is the newer one.</param>
internal sealed record FolderChange(string Module, string Sha256, long SizeBytes, string? Replaces, bool AtStart, DateTimeOffset SeenAt)
{
    public bool IsRemoval => Sha256.Length == 0;
}
