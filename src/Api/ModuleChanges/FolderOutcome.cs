namespace Mik.Durable.Api.ModuleChanges;

/// <summary>What committing a <see cref="FolderChange"/> came to; <paramref name="StoreSha256"/>: what the store holds ("" none).</summary>
internal sealed record FolderOutcome(FolderOutcomeKind Kind, string StoreSha256, long Version = 0);
